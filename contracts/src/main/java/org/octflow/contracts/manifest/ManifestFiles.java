package org.octflow.contracts.manifest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Reads and writes {@code manifest.json} and checks the model file it names. */
public final class ManifestFiles {
    public static final String MANIFEST_FILE = "manifest.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ManifestFiles() {
    }

    public static ModelManifest read(Path modelDirectory) {
        Path file = modelDirectory.resolve(MANIFEST_FILE);
        if (!Files.isRegularFile(file)) {
            throw new InvalidModelException(modelDirectory + " holds no " + MANIFEST_FILE
                    + ": point at a model directory written by the trainer (model.onnx + manifest.json)");
        }
        try {
            ModelManifest manifest = JSON.readValue(file.toFile(), ModelManifest.class);
            requirePresent(file, "name", manifest.name());
            requirePresent(file, "version", manifest.version());
            requirePresent(file, "modelFile", manifest.modelFile());
            requirePresent(file, "sha256", manifest.sha256());
            if (manifest.classes() == null || manifest.classes().isEmpty()) {
                throw new InvalidModelException(file + ": 'classes' is missing or empty");
            }
            if (manifest.normalization() == null) {
                throw new InvalidModelException(file + ": 'normalization' (mean, std) is missing");
            }
            return manifest;
        } catch (IOException e) {
            throw new InvalidModelException(file + " is not a readable manifest: " + e.getMessage(), e);
        }
    }

    public static void write(Path modelDirectory, ModelManifest manifest) {
        try {
            Files.createDirectories(modelDirectory);
            JSON.writeValue(modelDirectory.resolve(MANIFEST_FILE).toFile(), manifest);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the manifest into " + modelDirectory, e);
        }
    }

    /** Reads the manifest and proves the model file is the one it describes. */
    public static ModelManifest readVerified(Path modelDirectory) {
        ModelManifest manifest = read(modelDirectory);
        Path model = modelDirectory.resolve(manifest.modelFile());
        if (!Files.isRegularFile(model)) {
            throw new InvalidModelException(model + " named by the manifest does not exist");
        }
        String actual = sha256(model);
        if (!actual.equalsIgnoreCase(manifest.sha256())) {
            throw new InvalidModelException(model + " has sha256 " + actual + " but the manifest says "
                    + manifest.sha256() + ": the model file was changed or copied incompletely; re-export it");
        }
        return manifest;
    }

    public static String sha256(Path file) {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    public static ObjectMapper json() {
        return JSON;
    }

    private static void requirePresent(Path file, String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidModelException(file + ": '" + field + "' is missing");
        }
    }
}
