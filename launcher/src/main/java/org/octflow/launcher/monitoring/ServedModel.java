package org.octflow.launcher.monitoring;

import org.octflow.contracts.manifest.ManifestFiles;
import org.octflow.contracts.manifest.ModelManifest;
import org.octflow.preprocessing.GreyImage;
import org.octflow.runtime.ModelRunner;
import org.octflow.runtime.ScanTranslator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A model directory's served probabilities on images: its verified ONNX bytes run by model-runtime's
 * {@link ModelRunner}, the rows written by the manifest's {@link ScanTranslator}, as the worker does.
 */
final class ServedModel implements AutoCloseable {
    private final ModelManifest manifest;
    private final ScanTranslator translator;
    private final ModelRunner runner;

    ServedModel(Path directory) {
        this.manifest = ManifestFiles.readVerified(directory);
        this.translator = ScanTranslator.of(manifest);
        try {
            this.runner = new ModelRunner(Files.readAllBytes(directory.resolve(manifest.modelFile())), 2);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + directory.resolve(manifest.modelFile()), e);
        }
    }

    ModelManifest manifest() {
        return manifest;
    }

    ScanTranslator translator() {
        return translator;
    }

    /** Each image's probabilities, in the manifest's class order. */
    float[][] probabilities(List<GreyImage> images) {
        return runner.predict(translator.inputRows(images), translator.inputSide(), translator.classCount(),
                manifest.output().name());
    }

    @Override
    public void close() {
        runner.close();
    }
}
