package org.octflow.trainer.data;

import org.octflow.dataset.DatasetException;
import org.octflow.dataset.LabeledImages;
import org.octflow.preprocessing.ScanDecoder;
import org.octflow.preprocessing.ScanPreprocessor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What each {@code --data} source gives to which split:
 * <ul>
 * <li>an npz alone: its own train/val/test;</li>
 * <li>a folder of scans per class alone: a seeded 70/15/15 split per class ({@link ScanFolderSource#load});</li>
 * <li>an npz with folders beside it: the npz's val and test stay the selection and evaluation data, and every
 * folder scan joins the training split only, so no model choice or test figure rests on a site's own scans.</li>
 * </ul>
 */
public final class TrainingSources {
    static final String FOLDER_USE = "train only (added to the npz's training split)";

    private TrainingSources() {
    }

    public static TrainingData load(List<Path> sources, List<String> classes, long seed) throws DatasetException {
        if (sources.isEmpty()) {
            throw new DatasetException("no data given: pass --data ../shared/data/octmnist_partial.npz"
                    + " (or a folder of scans per class, or --download)");
        }
        refuseRepeats(sources);
        for (Path source : sources) {
            if (!Files.exists(source)) {
                throw new DatasetException(source + " does not exist: --data takes a MedMNIST .npz or a folder"
                        + " <root>/<CLASS>/*.png|jpg|jpeg with CLASS in " + classes);
            }
        }
        List<Path> files = sources.stream().filter(p -> !Files.isDirectory(p)).toList();
        List<Path> folders = sources.stream().filter(Files::isDirectory).toList();
        if (files.size() > 1) {
            throw new DatasetException(names(files) + " are all npz files: pass one npz, whose val and"
                    + " test splits choose and score the model; any further --data must be a folder of scans per class");
        }
        if (files.isEmpty()) {
            if (folders.size() > 1) {
                throw new DatasetException("several folders (" + names(folders) + ") and no npz: pass an npz beside"
                        + " them (--data X.npz) for val and test, or merge them into one folder, split 70/15/15");
            }
            // Pixel statistics are not known yet; the folder source only brings scans to model size.
            return new ScanFolderSource(new ScanPreprocessor(0, 1)).load(folders.get(0), classes, seed);
        }
        TrainingData npz = NpzSource.load(files.get(0), classes);
        if (folders.isEmpty()) {
            return npz;
        }
        // Folder scans are brought to the npz's side (28 for OCTMNIST, 64... for MedMNIST+), as serving will be.
        ScanFolderSource reader = new ScanFolderSource(new ScanPreprocessor(
                new ScanDecoder(ScanPreprocessor.DEFAULT_MAX_PIXELS), npz.train().side(), 0, 1));
        List<ScanFolderSource.TrainingScans> extra = new ArrayList<>();
        for (Path folder : folders) {
            extra.add(reader.loadForTraining(folder, classes));
        }
        return withTrainingScans(npz, extra);
    }

    /** The npz's data with every folder's scans appended to its training split; val and test untouched. */
    static TrainingData withTrainingScans(TrainingData npz, List<ScanFolderSource.TrainingScans> folders) {
        LabeledImages base = npz.train();
        int area = base.side() * base.side();
        int count = base.count();
        for (ScanFolderSource.TrainingScans folder : folders) {
            if (folder.images().side() != base.side()) {
                throw new IllegalArgumentException(folder.root() + " was read at " + folder.images().side()
                        + " px; the npz's images are " + base.side() + " px");
            }
            count += folder.images().count();
        }
        byte[] pixels = new byte[count * area];
        int[] labels = new int[count];
        System.arraycopy(base.pixels(), 0, pixels, 0, base.count() * area);
        System.arraycopy(base.labels(), 0, labels, 0, base.count());
        int at = base.count();
        List<DataProvenance.Source> sources = new ArrayList<>(npz.provenance().sources());
        List<String> added = new ArrayList<>();
        for (ScanFolderSource.TrainingScans folder : folders) {
            LabeledImages images = folder.images();
            System.arraycopy(images.pixels(), 0, pixels, at * area, images.count() * area);
            System.arraycopy(images.labels(), 0, labels, at, images.count());
            at += images.count();
            sources.add(new DataProvenance.Source(folder.root().toString(), folder.md5(), FOLDER_USE));
            added.add(String.format(Locale.ROOT, "%d scans of the folder %s (%s)", images.count(),
                    folder.root().getFileName(), perClass(images, npz.classes())));
        }
        // Official-split indexes mean nothing for a site's scans, so the combined split carries none.
        LabeledImages train = new LabeledImages(base.side(), pixels, labels, null);
        String description = npz.provenance().description() + ", plus " + String.join(" and ", added)
                + " in training only; val and test are the npz's own (folder md5: " + ScanFolderSource.MD5_RULE + ")";
        return new TrainingData(train, npz.val(), npz.test(), npz.classes(),
                new DataProvenance(sources, description));
    }

    private static String perClass(LabeledImages images, List<String> classes) {
        int[] counts = images.classCounts(classes.size());
        List<String> parts = new ArrayList<>();
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] > 0) {
                parts.add(classes.get(c) + " " + counts[c]);
            }
        }
        return String.join(", ", parts);
    }

    private static void refuseRepeats(List<Path> sources) throws DatasetException {
        Set<Path> seen = new HashSet<>();
        for (Path source : sources) {
            if (!seen.add(source.toAbsolutePath().normalize())) {
                throw new DatasetException(source + " is given twice as --data: its scans would count twice");
            }
        }
    }

    private static String names(List<Path> paths) {
        return paths.stream().map(Path::toString).collect(Collectors.joining(", "));
    }
}
