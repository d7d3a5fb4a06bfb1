package org.octflow.launcher;

import org.octflow.contracts.v1.ImageEncoding;
import org.octflow.dataset.DatasetException;
import org.octflow.dataset.LabeledImages;
import org.octflow.dataset.MedMnistNpz;
import org.octflow.dataset.Split;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Reads what `send` and `demo` stream: a split of a MedMNIST npz, or a folder of scans (class folders optional). */
final class ScanSource {
    private ScanSource() {
    }

    static List<OutgoingScan> read(Path path, Split split) throws DatasetException, IOException {
        if (Files.isDirectory(path)) {
            return folder(path);
        }
        if (path.toString().endsWith(".npz")) {
            return npz(path, split);
        }
        throw new DatasetException(path + " is neither a folder of scans nor a MedMNIST .npz file");
    }

    private static List<OutgoingScan> npz(Path file, Split split) throws DatasetException {
        LabeledImages images = MedMnistNpz.loadSplit(file, split, MedMnistNpz.OCT_CLASSES.size());
        List<OutgoingScan> scans = new ArrayList<>(images.count());
        for (int i = 0; i < images.count(); i++) {
            // 28x28 arrays travel as raw grey: no re-encoding, so the served input equals the trained input.
            scans.add(new OutgoingScan(split.key() + "[" + i + "]", images.image(i).pixels(), ImageEncoding.RAW_GREY8,
                    images.side(), images.side(), images.labels()[i]));
        }
        return scans;
    }

    private static List<OutgoingScan> folder(Path root) throws IOException, DatasetException {
        List<OutgoingScan> scans = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                ImageEncoding encoding = encodingOf(file);
                if (encoding == null) {
                    continue;
                }
                String parent = file.getParent().equals(root) ? "" : file.getParent().getFileName().toString();
                int label = MedMnistNpz.OCT_CLASSES.indexOf(parent.toUpperCase(Locale.ROOT));
                scans.add(new OutgoingScan(root.relativize(file).toString(), Files.readAllBytes(file), encoding, 0, 0,
                        label));
            }
        }
        if (scans.isEmpty()) {
            throw new DatasetException(root + " holds no .png, .jpg or .jpeg scans");
        }
        return scans;
    }

    private static ImageEncoding encodingOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) {
            return ImageEncoding.PNG;
        }
        if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
            return ImageEncoding.JPEG;
        }
        return null;
    }
}
