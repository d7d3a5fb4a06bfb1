package org.octflow.trainer.data;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Where training data came from, for the manifest: every {@code --data} source with its md5 and what it gave to
 * which split, and a human description of the whole.
 */
public record DataProvenance(List<Source> sources, String description) {

    /**
     * One source.
     *
     * @param md5 a file's md5; a folder's over each scan's {@code CLASS/name} and bytes, so a relabelled scan changes it
     * @param use which splits it fed, in words: "train, val and test (the file's own splits)"
     */
    public record Source(String path, String md5, String use) {
    }

    public DataProvenance {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("provenance needs at least one source");
        }
        sources = List.copyOf(sources);
    }

    public static DataProvenance single(String path, String md5, String use, String description) {
        return new DataProvenance(List.of(new Source(path, md5, use)), description);
    }

    /** "a.npz + DIR": the sources' paths in one line, for logs. */
    public String paths() {
        return sources.stream().map(Source::path).collect(Collectors.joining(" + "));
    }

    /** "a.npz (md5 ...) + DIR (md5 ...)": the sources in one line, for reports. */
    public String summary() {
        return sources.stream().map(s -> s.path() + " (md5 " + s.md5() + ")").collect(Collectors.joining(" + "));
    }
}
