package org.octflow.trainer.data;

import org.octflow.contracts.v1.ImageEncoding;
import org.octflow.dataset.DatasetException;
import org.octflow.dataset.LabeledImages;
import org.octflow.preprocessing.GreyImage;
import org.octflow.preprocessing.ScanPreprocessor;
import org.octflow.preprocessing.ScanRejectedException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Scans in a folder per class, {@code <root>/<CLASS>/*.png|jpg|jpeg} (the layout {@code export-reviewed} writes;
 * files beside the class folders, such as its {@code reviews.csv}, are not read), brought to model size by the
 * serving path's {@link ScanPreprocessor}. Alone, the folder is split per class (stratified) into train/val/test by
 * a seed: 70/15/15. Beside an npz, it is read whole for the training split ({@link TrainingSources}).
 */
public final class ScanFolderSource {
    static final String MD5_RULE = "md5 over each scan's CLASS/name and bytes, in class and name order";
    private final ScanPreprocessor preprocessor;

    public ScanFolderSource(ScanPreprocessor preprocessor) {
        this.preprocessor = preprocessor;
    }

    /** A folder's scans, all of them, labelled by their class folder; classes without a folder have none. */
    public record TrainingScans(Path root, LabeledImages images, String md5) {
    }

    /** The folder as the only data: every class needs scans, and each is split 70/15/15 by the seed. */
    public TrainingData load(Path root, List<String> classes, long seed) throws DatasetException {
        FolderRead read = read(root, classes, true);
        Random random = new Random(seed);
        ImagesBuilder train = new ImagesBuilder();
        ImagesBuilder val = new ImagesBuilder();
        ImagesBuilder test = new ImagesBuilder();
        for (int c = 0; c < read.perClass().size(); c++) {
            List<GreyImage> images = new ArrayList<>(read.perClass().get(c));
            Collections.shuffle(images, random);
            int n = images.size();
            int nTest = Math.max(n >= 3 ? 1 : 0, (int) Math.round(n * 0.15));
            int nVal = Math.max(n >= 2 ? 1 : 0, (int) Math.round(n * 0.15));
            for (int i = 0; i < n; i++) {
                (i < nTest ? test : i < nTest + nVal ? val : train).add(images.get(i), c);
            }
        }
        String path = root.toAbsolutePath().normalize().toString();
        return new TrainingData(train.build(), val.build(), test.build(), classes, DataProvenance.single(path,
                read.md5(), "train, val and test (seeded 70/15/15 split per class)", String.format(Locale.ROOT,
                        "trained on %d scans of the folder %s (seeded 70/15/15 split per class; %s)", read.total(),
                        root.getFileName(), MD5_RULE)));
    }

    /**
     * The folder as extra training scans beside an npz: a class may be absent (the npz has every class), but a class
     * folder that is there must hold scans, and every folder must be one of {@code classes}.
     */
    public TrainingScans loadForTraining(Path root, List<String> classes) throws DatasetException {
        FolderRead read = read(root, classes, false);
        if (read.total() == 0) {
            throw new DatasetException(root + " holds no class folder: expected " + root + "/<CLASS>/*.png|jpg|jpeg"
                    + " with CLASS in " + classes + " (the layout ./octflow export-reviewed writes)");
        }
        ImagesBuilder all = new ImagesBuilder();
        for (int c = 0; c < read.perClass().size(); c++) {
            for (GreyImage image : read.perClass().get(c)) {
                all.add(image, c);
            }
        }
        return new TrainingScans(root.toAbsolutePath().normalize(), all.build(), read.md5());
    }

    /** The scans per class in the classes' order, and the folder's md5. */
    private record FolderRead(List<List<GreyImage>> perClass, String md5) {
        int total() {
            return perClass.stream().mapToInt(List::size).sum();
        }
    }

    private FolderRead read(Path root, List<String> classes, boolean everyClass) throws DatasetException {
        if (!Files.isDirectory(root)) {
            throw new DatasetException(root + " is not a folder: expected <root>/<CLASS>/*.png|jpg|jpeg with CLASS in "
                    + classes);
        }
        checkNoUnknownClassFolders(root, classes);
        List<List<GreyImage>> perClass = new ArrayList<>();
        MessageDigest digest = md5();
        for (String name : classes) {
            Path folder = root.resolve(name);
            if (!Files.isDirectory(folder)) {
                if (everyClass) {
                    throw new DatasetException(folder + " is missing: as the only --data, the folder needs scans of"
                            + " every class " + classes + "; or pass it beside an npz (--data X.npz --data " + root
                            + ") so its scans join the npz's training split");
                }
                perClass.add(List.of());
                continue;
            }
            List<GreyImage> images = new ArrayList<>();
            for (Path file : scans(folder)) {
                digest.update((name + "/" + file.getFileName()).getBytes(StandardCharsets.UTF_8));
                images.add(decode(file, digest));
            }
            if (images.isEmpty()) {
                throw new DatasetException(folder + " holds no .png/.jpg/.jpeg scans: " + (everyClass
                        ? "every class " + classes + " needs at least one"
                        : "put scans in it or remove it"));
            }
            perClass.add(images);
        }
        return new FolderRead(perClass, HexFormat.of().formatHex(digest.digest()));
    }

    private static void checkNoUnknownClassFolders(Path root, List<String> classes) throws DatasetException {
        try (Stream<Path> children = Files.list(root)) {
            for (Path child : children.filter(Files::isDirectory).sorted().toList()) {
                String name = child.getFileName().toString();
                if (!classes.contains(name)) {
                    throw new DatasetException(child + " is not a known class folder: expected only " + classes
                            + " (the model's classes, spelled exactly so); rename or remove it");
                }
            }
        } catch (IOException e) {
            throw new DatasetException("could not list " + root + ": " + e.getMessage());
        }
    }

    private static List<Path> scans(Path folder) throws DatasetException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> {
                String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
            }).sorted().toList();
        } catch (IOException e) {
            throw new DatasetException("could not list " + folder + ": " + e.getMessage());
        }
    }

    private GreyImage decode(Path file, MessageDigest digest) throws DatasetException {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ImageEncoding encoding = n.endsWith(".png") ? ImageEncoding.PNG : ImageEncoding.JPEG;
        try {
            byte[] bytes = Files.readAllBytes(file);
            digest.update(bytes);
            return preprocessor.toModelSize(bytes, encoding, 0, 0);
        } catch (ScanRejectedException e) {
            throw new DatasetException(file + ": " + e.getMessage());
        } catch (IOException e) {
            throw new DatasetException(file + " could not be read: " + e.getMessage());
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no MD5", e);
        }
    }

    private static final class ImagesBuilder {
        private final java.io.ByteArrayOutputStream pixels = new java.io.ByteArrayOutputStream();
        private final List<Integer> labels = new ArrayList<>();
        private int side = ScanPreprocessor.MODEL_SIDE;

        void add(GreyImage image, int label) {
            side = image.width();
            pixels.writeBytes(image.pixels());
            labels.add(label);
        }

        LabeledImages build() {
            return new LabeledImages(side, pixels.toByteArray(), labels.stream().mapToInt(Integer::intValue).toArray(),
                    null);
        }
    }
}
