package org.octflow.gateway.monitoring;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.octflow.gateway.config.GatewayConfig;
import org.octflow.monitoring.ReferenceProfile;

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
 * Finds a model version's reference profile ({@code reference-profile.json}, written beside its manifest by
 * {@code ./octflow check-monitoring --write-profile}) in the profile directory: that directory or any directory in
 * it, matched by the model id the profile names. Read again only when a file changed.
 */
@ApplicationScoped
public class ReferenceProfiles {
    private static final Logger LOG = Logger.getLogger(ReferenceProfiles.class);

    private record Cached(FileTime modified, ReferenceProfile profile) {
    }

    private final Optional<Path> root;
    private final Map<Path, Cached> cache = new ConcurrentHashMap<>();

    public ReferenceProfiles(MonitoringConfig monitoring, GatewayConfig gateway) {
        this.root = monitoring.drift().profileDir().or(() -> gateway.oip().modelDir())
                .map(dir -> dir.toAbsolutePath().normalize());
    }

    /** The profile of model {@code name:version}, if one is there. */
    public Optional<ReferenceProfile> find(String name, String version) {
        String id = name + ":" + version;
        return files().stream().map(this::read).flatMap(Optional::stream)
                .filter(profile -> profile.model().equals(id)).findFirst();
    }

    /** What an answer says when a version has no profile. */
    public String whereProfilesAre() {
        return root.map(dir -> "no " + ReferenceProfile.FILE + " naming this model version in " + dir.getFileName()
                        + " or its directories: write one with ./octflow check-monitoring --write-profile MODEL_DIR")
                .orElse("neither octflow.monitoring.drift.profile-dir nor octflow.oip.model-dir is set, so the"
                        + " gateway has no reference profile");
    }

    private List<Path> files() {
        if (root.isEmpty() || !Files.isDirectory(root.get())) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        if (Files.isRegularFile(root.get().resolve(ReferenceProfile.FILE))) {
            files.add(root.get().resolve(ReferenceProfile.FILE));
        }
        try (Stream<Path> children = Files.list(root.get())) {
            children.map(dir -> dir.resolve(ReferenceProfile.FILE)).filter(Files::isRegularFile).sorted()
                    .forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("could not list the profile directory", e);
        }
        return files;
    }

    private Optional<ReferenceProfile> read(Path file) {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            Cached cached = cache.get(file);
            if (cached != null && cached.modified().equals(modified)) {
                return Optional.of(cached.profile());
            }
            ReferenceProfile profile = ReferenceProfile.readFrom(file.getParent());
            cache.put(file, new Cached(modified, profile));
            return Optional.of(profile);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("reference profile in %s is not used: %s", file.getParent().getFileName(), e.getMessage());
            return Optional.empty();
        }
    }
}
