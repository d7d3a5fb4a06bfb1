package org.octflow.trainer.data;

import org.octflow.contracts.v1.ImageEncoding;
import org.octflow.dataset.DatasetException;
import org.octflow.dataset.LabeledImages;
import org.octflow.preprocessing.GreyImage;
import org.octflow.preprocessing.ScanPreprocessor;
import org.octflow.preprocessing.ScanRejectedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Scans in a folder per class, {@code <root>/<CLASS>/*.png|jpg|jpeg}, brought to model size by the serving path's
 * {@link ScanPreprocessor}, then split per class (stratified) into train/val/test by a seed: 70/15/15.
 */
public final class ScanFolderSource {
    private final ScanPreprocessor preprocessor;

    public ScanFolderSource(ScanPreprocessor preprocessor) {
        this.preprocessor = preprocessor;
    }

    public TrainingData load(Path root, List<String> classes, long seed) throws DatasetException {
        if (!Files.isDirectory(root)) {
            throw new DatasetException(root + " is not a folder: expected <root>/<CLASS>/*.png|jpg|jpeg with CLASS in "
                    + classes);
        }
        checkNoUnknownClassFolders(root, classes);
        List<List<GreyImage>> perClass = new ArrayList<>();
        MessageDigest digest = md5();
        for (String name : classes) {
            Path folder = root.resolve(name);
            List<GreyImage> images = new ArrayList<>();
            for (Path file : scans(folder)) {
                images.add(decode(file, digest));
            }
            if (images.isEmpty()) {
                throw new DatasetException(folder + " holds no .png/.jpg/.jpeg scans: every class " + classes
                        + " needs at least one");
            }
            perClass.add(images);
        }
        Random random = new Random(seed);
        Builder train = new Builder();
        Builder val = new Builder();
        Builder test = new Builder();
        for (int c = 0; c < perClass.size(); c++) {
            List<GreyImage> images = new ArrayList<>(perClass.get(c));
            java.util.Collections.shuffle(images, random);
            int n = images.size();
            int nTest = Math.max(n >= 3 ? 1 : 0, (int) Math.round(n * 0.15));
            int nVal = Math.max(n >= 2 ? 1 : 0, (int) Math.round(n * 0.15));
            for (int i = 0; i < n; i++) {
                (i < nTest ? test : i < nTest + nVal ? val : train).add(images.get(i), c);
            }
        }
        int total = perClass.stream().mapToInt(List::size).sum();
        return new TrainingData(train.build(), val.build(), test.build(), classes, new DataProvenance(
                root.toAbsolutePath().normalize().toString(), HexFormat.of().formatHex(digest.digest()),
                String.format(Locale.ROOT, "trained on %d scans of the folder %s (seeded 70/15/15 split per class;"
                        + " md5 over the files in name order)", total, root.getFileName())));
    }

    private static void checkNoUnknownClassFolders(Path root, List<String> classes) throws DatasetException {
        try (Stream<Path> children = Files.list(root)) {
            for (Path child : children.filter(Files::isDirectory).toList()) {
                String name = child.getFileName().toString();
                if (!classes.contains(name)) {
                    throw new DatasetException(child + " is not a known class folder: expected only " + classes);
                }
            }
        } catch (IOException e) {
            throw new DatasetException("could not list " + root + ": " + e.getMessage());
        }
    }

    private static List<Path> scans(Path folder) throws DatasetException {
        if (!Files.isDirectory(folder)) {
            throw new DatasetException(folder + " is missing: every class needs a folder of scans");
        }
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

    private static final class Builder {
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
