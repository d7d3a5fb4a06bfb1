package org.octflow.runtime;

import ai.onnxruntime.OrtException;
import org.octflow.contracts.manifest.InvalidModelException;
import org.octflow.contracts.manifest.ManifestFiles;
import org.octflow.contracts.manifest.ModelManifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The model version being served, from one model directory. {@link #reloadIfChanged} swaps in a new version
 * atomically; runs that hold the old one finish on it and its session closes after the last of them.
 */
public final class ModelRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

    private final Path directory;
    private final SessionFactory sessions;
    private final AtomicReference<LoadedModel> current = new AtomicReference<>();
    private volatile String lastRejection;

    private ModelRegistry(Path directory, SessionFactory sessions) {
        this.directory = directory;
        this.sessions = sessions;
    }

    /** Loads the directory's model or fails with what to fix: a worker without a model must not start. */
    public static ModelRegistry open(Path directory, SessionFactory sessions) {
        ModelRegistry registry = unloaded(directory, sessions);
        registry.loadFirst();
        return registry;
    }

    /**
     * A registry that serves nothing ({@link #current} is null) until {@link #loadFirst}: for a caller that has other
     * things to do while the model loads (a worker joins its Kafka group meanwhile).
     */
    public static ModelRegistry unloaded(Path directory, SessionFactory sessions) {
        return new ModelRegistry(directory, sessions);
    }

    /** Loads the directory's model, once, or fails with what to fix. */
    public void loadFirst() {
        LoadedModel model = load(ManifestFiles.readVerified(directory));
        if (!current.compareAndSet(null, model)) {
            model.release();
            throw new IllegalStateException("the registry of " + directory + " already serves a model");
        }
        LOG.info("serving model {} (sha256 {}) on {}", model.manifest().id(), model.manifest().sha256(),
                model.provider());
    }

    /** The current version, held open until the lease is closed. */
    public ModelLease acquire() {
        while (true) {
            LoadedModel model = current.get();
            if (model == null) {
                throw new IllegalStateException("the model registry is closed");
            }
            if (model.tryRetain()) {
                return new ModelLease(model);
            }
            // lost a race with a swap: the next read sees the new version
        }
    }

    /** The version being served now, for health and metrics; do not run it without {@link #acquire}. */
    public LoadedModel current() {
        return current.get();
    }

    /**
     * Serves the directory's model if its manifest names another version or file hash. A half-written or mismatching
     * directory is logged once and skipped: the current version keeps serving and the next check tries again.
     *
     * @return true when a new version was swapped in
     */
    public boolean reloadIfChanged() {
        LoadedModel serving = current.get();
        if (serving == null) {
            return false;
        }
        try {
            ModelManifest seen = ManifestFiles.read(directory);
            if (Objects.equals(seen.version(), serving.manifest().version())
                    && seen.sha256().equalsIgnoreCase(serving.manifest().sha256())) {
                return false;
            }
            LoadedModel next = load(ManifestFiles.readVerified(directory));
            if (!current.compareAndSet(serving, next)) {
                next.release(); // closed meanwhile: nobody may run the new session
                return false;
            }
            LoadedModel old = serving;
            lastRejection = null;
            LOG.info("swapped model {} -> {} (sha256 {}) on {}", old.manifest().id(), next.manifest().id(),
                    next.manifest().sha256(), next.provider());
            old.release();
            return true;
        } catch (InvalidModelException | IllegalStateException e) {
            String message = e.getMessage();
            if (!message.equals(lastRejection)) {
                LOG.warn("not swapping models: {}; still serving {}", message, serving.manifest().id());
                lastRejection = message;
            }
            return false;
        }
    }

    private LoadedModel load(ModelManifest manifest) {
        Path file = directory.resolve(manifest.modelFile());
        try {
            return new LoadedModel(manifest, sessions.environment(), sessions.open(file));
        } catch (OrtException e) {
            throw new InvalidModelException("ONNX Runtime cannot load " + file + " (" + e.getMessage()
                    + "): re-export the model as ONNX with opset <= 21", e);
        }
    }

    @Override
    public void close() {
        LoadedModel model = current.getAndSet(null);
        if (model != null) {
            model.release();
        }
    }
}
