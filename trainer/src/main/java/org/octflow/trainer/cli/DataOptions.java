package org.octflow.trainer.cli;

import org.octflow.dataset.DatasetException;
import org.octflow.dataset.MedMnistNpz;
import org.octflow.preprocessing.ScanPreprocessor;
import org.octflow.trainer.console.ConsoleProgress;
import org.octflow.trainer.data.DatasetDownloader;
import org.octflow.trainer.data.NpzSource;
import org.octflow.trainer.data.ScanFolderSource;
import org.octflow.trainer.data.TrainingData;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the images come from: a MedMNIST npz, a folder of scans per class, or a download of the full OCTMNIST. */
public final class DataOptions {
    @Option(names = "--data", description = "a MedMNIST .npz, or a folder <root>/<CLASS>/*.png|jpg|jpeg")
    Path data;
    @Option(names = "--download", description = "fetch the full octmnist.npz (md5-checked) into --cache-dir and use it")
    boolean download;
    @Option(names = "--cache-dir", description = "download cache (default ${DEFAULT-VALUE})", defaultValue = "${user.home}/.cache/octflow")
    Path cacheDir;

    public TrainingData load(long seed) throws DatasetException {
        if (download) {
            Path file = new DatasetDownloader(DatasetDownloader.defaultClient(), new ConsoleProgress(System.err))
                    .fetch(DatasetDownloader.OCTMNIST_URI, DatasetDownloader.OCTMNIST_MD5, cacheDir, "octmnist.npz");
            return NpzSource.load(file, MedMnistNpz.OCT_CLASSES);
        }
        if (data == null) {
            throw new DatasetException("no data given: pass --data ../shared/data/octmnist_partial.npz"
                    + " (or a folder of scans per class, or --download)");
        }
        if (Files.isDirectory(data)) {
            // Pixel statistics are not known yet; the folder source only brings scans to model size.
            return new ScanFolderSource(new ScanPreprocessor(0, 1)).load(data, MedMnistNpz.OCT_CLASSES, seed);
        }
        return NpzSource.load(data, MedMnistNpz.OCT_CLASSES);
    }
}
