package org.octflow.trainer.cli;

import org.octflow.dataset.DatasetException;
import org.octflow.trainer.console.ConsoleProgress;
import org.octflow.trainer.data.DatasetDownloader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Fetches the full octmnist.npz (md5-checked, resumable) and prints its path on standard output, progress on standard
 * error, so scripts such as {@code ./octflow demo} can use it as {@code --data}.
 */
@Command(name = "download", mixinStandardHelpOptions = true,
        description = "Fetch the official octmnist.npz into the cache (md5-checked) and print its path.")
public final class DownloadCommand implements Callable<Integer> {
    @Option(names = "--cache-dir", description = "download cache (default ${DEFAULT-VALUE})",
            defaultValue = "${user.home}/.cache/octflow")
    Path cacheDir;

    @Override
    public Integer call() {
        try {
            Path file = new DatasetDownloader(DatasetDownloader.defaultClient(), new ConsoleProgress(System.err))
                    .fetch(DatasetDownloader.OCTMNIST_URI, DatasetDownloader.OCTMNIST_MD5, cacheDir, "octmnist.npz");
            System.out.println(file.toAbsolutePath());
            return 0;
        } catch (DatasetException e) {
            System.err.println("download failed: " + e.getMessage());
            System.err.println("without internet, pass a MedMNIST file instead: --data ../shared/data/octmnist_partial.npz");
            return 1;
        }
    }
}
