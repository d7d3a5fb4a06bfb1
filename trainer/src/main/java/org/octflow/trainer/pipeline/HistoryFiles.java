package org.octflow.trainer.pipeline;

import org.octflow.contracts.manifest.ManifestFiles;
import org.octflow.trainer.core.train.EpochRecord;
import org.octflow.trainer.core.train.TrainingHistory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Per-epoch figures as history.csv (for spreadsheets) and history.json (for tools). */
public final class HistoryFiles {
    private HistoryFiles() {
    }

    public static void write(Path directory, TrainingHistory history) {
        List<String> lines = new ArrayList<>();
        lines.add(EpochRecord.csvHeader());
        history.epochs().forEach(e -> lines.add(e.csvRow()));
        try {
            Files.createDirectories(directory);
            Files.write(directory.resolve("history.csv"), lines);
            ManifestFiles.json().writeValue(directory.resolve("history.json").toFile(), history);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the training history into " + directory, e);
        }
    }
}
