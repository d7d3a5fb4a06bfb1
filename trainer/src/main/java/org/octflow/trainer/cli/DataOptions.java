package org.octflow.trainer.cli;

import org.octflow.dataset.DatasetException;
import org.octflow.dataset.MedMnistNpz;
import org.octflow.trainer.console.ConsoleProgress;
import org.octflow.trainer.data.DatasetDownloader;
import org.octflow.trainer.data.TrainingData;
import org.octflow.trainer.data.TrainingSources;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the images come from: a MedMNIST npz, a folder of scans per class, or a download of the full OCTMNIST; an
 * npz (given or downloaded) with folders beside it, whose scans join the training split ({@link TrainingSources}).
 * {@code --data} is repeated rather than split on a separator: paths may hold any separator, and picocli collects a
 * repeated option into a list by itself.
 */
public final class DataOptions {
    @Option(names = "--data", description = "a MedMNIST .npz, or a folder <root>/<CLASS>/*.png|jpg|jpeg; repeat it to"
            + " add folders beside one npz: their scans join the training split, the npz's val and test stay as they are")
    List<Path> data = new ArrayList<>();
    @Option(names = "--download", description = "fetch the full octmnist.npz (md5-checked) into --cache-dir and use it"
            + " (with any --data folders beside it)")
    boolean download;
    @Option(names = "--cache-dir", description = "download cache (default ${DEFAULT-VALUE})", defaultValue = "${user.home}/.cache/octflow")
    Path cacheDir;

    public TrainingData load(long seed) throws DatasetException {
        List<Path> sources = new ArrayList<>();
        if (download) {
            sources.add(new DatasetDownloader(DatasetDownloader.defaultClient(), new ConsoleProgress(System.err))
                    .fetch(DatasetDownloader.OCTMNIST_URI, DatasetDownloader.OCTMNIST_MD5, cacheDir, "octmnist.npz"));
        }
        sources.addAll(data);
        return TrainingSources.load(sources, MedMnistNpz.OCT_CLASSES, seed);
    }
}
