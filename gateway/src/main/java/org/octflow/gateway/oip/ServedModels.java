package org.octflow.gateway.oip;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.octflow.contracts.manifest.InvalidModelException;
import org.octflow.contracts.manifest.ManifestFiles;
import org.octflow.contracts.manifest.ModelManifest;
import org.octflow.gateway.config.GatewayConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The models {@code /v2} knows: the manifests in {@code octflow.oip.model-dir}, the directory the workers load their
 * model from (one model directory, or a directory of them). Workers reload a model when its manifest changes; so does
 * this, by the manifest's modification time. A manifest whose model file does not match its sha256 is one the
 * workers refuse too: its model is listed but not ready. A manifest without its model file (mounted alone, e.g. from
 * a ConfigMap) is taken as it is: the workers check the file.
 */
@ApplicationScoped
public class ServedModels {
    private static final Logger LOG = Logger.getLogger(ServedModels.class);

    /** A model as its manifest describes it; {@code verified}: its model file is the one the manifest names. */
    public record ServedModel(ModelManifest manifest, boolean verified) {
        public String name() {
            return manifest.name();
        }

        public String version() {
            return manifest.version();
        }
    }

    private record Cached(FileTime modified, ServedModel model) {
    }

    private final Optional<Path> root;
    private final Map<Path, Cached> cache = new ConcurrentHashMap<>();

    public ServedModels(GatewayConfig config) {
        this.root = config.oip().modelDir().map(dir -> dir.toAbsolutePath().normalize());
        root.ifPresentOrElse(dir -> LOG.infof("/v2 serves the models in %s", dir),
                () -> LOG.info("/v2 knows no model: octflow.oip.model-dir is not set"));
    }

    /** The model called {@code name}, if the model directory holds it. */
    public Optional<ServedModel> find(String name) {
        return all().stream().filter(model -> model.name().equals(name)).findFirst();
    }

    public List<ServedModel> all() {
        if (root.isEmpty() || !Files.isDirectory(root.get())) {
            return List.of();
        }
        List<ServedModel> models = new ArrayList<>();
        for (Path dir : modelDirectories(root.get())) {
            read(dir).ifPresent(models::add);
        }
        return models;
    }

    /** What a 404 says about where models come from. */
    public String whereModelsComeFrom() {
        return root.map(dir -> "the gateway serves the models whose manifest.json is in " + dir.getFileName()
                        + " (octflow.oip.model-dir), the workers' own model directory")
                .orElse("octflow.oip.model-dir is not set, so the gateway knows no model: point it at the"
                        + " workers' model directory");
    }

    private static List<Path> modelDirectories(Path root) {
        if (Files.isRegularFile(root.resolve(ManifestFiles.MANIFEST_FILE))) {
            return List.of(root);
        }
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(dir -> Files.isRegularFile(dir.resolve(ManifestFiles.MANIFEST_FILE))).sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list the model directory", e);
        }
    }

    private Optional<ServedModel> read(Path dir) {
        Path manifest = dir.resolve(ManifestFiles.MANIFEST_FILE);
        try {
            FileTime modified = Files.getLastModifiedTime(manifest);
            Cached cached = cache.get(dir);
            if (cached != null && cached.modified().equals(modified)) {
                return Optional.of(cached.model());
            }
            ModelManifest read = ManifestFiles.read(dir);
            boolean verified = verifies(dir, read);
            ServedModel model = new ServedModel(read, verified);
            cache.put(dir, new Cached(modified, model));
            return Optional.of(model);
        } catch (IOException | InvalidModelException e) {
            LOG.warnf("model directory %s is not served on /v2: %s", dir.getFileName(), e.getMessage());
            return Optional.empty();
        }
    }

    /** A directory holding the manifest alone (a ConfigMap) leaves the check to the workers, who hold the file. */
    private static boolean verifies(Path dir, ModelManifest manifest) {
        if (!Files.exists(dir.resolve(manifest.modelFile()))) {
            return true;
        }
        try {
            ManifestFiles.readVerified(dir);
            return true;
        } catch (InvalidModelException e) {
            LOG.warnf("model in %s is listed on /v2 but not ready: %s", dir.getFileName(), e.getMessage());
            return false;
        }
    }
}
