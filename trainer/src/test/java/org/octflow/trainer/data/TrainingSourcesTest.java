package org.octflow.trainer.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.octflow.dataset.DatasetException;
import org.octflow.dataset.MedMnistNpz;
import org.octflow.dataset.NpyArray;
import org.octflow.dataset.NpzWriter;
import org.octflow.trainer.support.ScanFolders;
import org.octflow.trainer.support.SyntheticOct;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which split each --data source feeds, and which folders are refused. */
class TrainingSourcesTest {
    static final List<String> CLASSES = MedMnistNpz.OCT_CLASSES;
    @TempDir
    Path temp;

    @Test
    void anNpzAloneKeepsItsOwnSplits() throws Exception {
        Path npz = SyntheticOct.write(temp, 20, 8, 4, 1);

        TrainingData data = TrainingSources.load(List.of(npz), CLASSES, 1);

        assertThat(data.counts()).containsEntry("train", 20).containsEntry("val", 8).containsEntry("test", 4);
        assertThat(data.provenance().sources()).containsExactly(new DataProvenance.Source(
                npz.toAbsolutePath().normalize().toString(), FileDigests.md5(npz), NpzSource.USE));
    }

    @Test
    void aFolderAloneIsStillSplit70_15_15PerClass() throws Exception {
        Path folder = ScanFolders.write(temp.resolve("site"), Map.of("CNV", 7, "DME", 7, "DRUSEN", 7, "NORMAL", 7));

        TrainingData data = TrainingSources.load(List.of(folder), CLASSES, 1);

        assertThat(data.val().classCounts(4)).containsOnly(1);
        assertThat(data.test().classCounts(4)).containsOnly(1);
        assertThat(data.train().classCounts(4)).containsOnly(5);
    }

    @Test
    void aFolderAloneWithoutEveryClassIsRefusedPointingToAnNpzBesideIt() throws Exception {
        Path folder = ScanFolders.write(temp.resolve("site"), Map.of("CNV", 3));

        assertThatThrownBy(() -> TrainingSources.load(List.of(folder), CLASSES, 1))
                .isInstanceOf(DatasetException.class).hasMessageContaining("DME is missing")
                .hasMessageContaining("--data X.npz --data " + folder);
    }

    @Test
    void folderScansBesideTheNpzJoinOnlyTheTrainingSplit() throws Exception {
        TrainingData npzAlone = SyntheticOct.load(temp, 20, 8, 4, 1);
        Path npz = temp.resolve("synthetic-octmnist.npz");
        Path folder = ScanFolders.write(temp.resolve("site"), Map.of("CNV", 3, "DRUSEN", 2));

        TrainingData data = TrainingSources.load(List.of(npz, folder), CLASSES, 1);

        assertThat(data.counts()).containsEntry("train", 25).containsEntry("val", 8).containsEntry("test", 4);
        assertThat(data.train().labels()).startsWith(npzAlone.train().labels()).endsWith(0, 0, 0, 2, 2);
        assertThat(data.val().pixels()).isEqualTo(npzAlone.val().pixels());
        assertThat(data.val().labels()).isEqualTo(npzAlone.val().labels());
        assertThat(data.test().pixels()).isEqualTo(npzAlone.test().pixels());
        assertThat(data.test().labels()).isEqualTo(npzAlone.test().labels());
    }

    @Test
    void everySourceIsInTheProvenanceWithItsMd5AndUseTheNpzFirst() throws Exception {
        Path npz = SyntheticOct.write(temp, 20, 8, 4, 1);
        Path first = ScanFolders.write(temp.resolve("site-a"), Map.of("DME", 2));
        Path second = ScanFolders.write(temp.resolve("site-b"), Map.of("NORMAL", 1));

        TrainingData data = TrainingSources.load(List.of(first, npz, second), CLASSES, 1);

        assertThat(data.train().count()).isEqualTo(23);
        List<DataProvenance.Source> sources = data.provenance().sources();
        assertThat(sources).extracting(DataProvenance.Source::path).containsExactly(
                npz.toAbsolutePath().normalize().toString(), first.toAbsolutePath().normalize().toString(),
                second.toAbsolutePath().normalize().toString());
        assertThat(sources.get(0).md5()).isEqualTo(FileDigests.md5(npz));
        assertThat(sources).extracting(DataProvenance.Source::md5).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(sources).extracting(DataProvenance.Source::use).containsExactly(NpzSource.USE,
                TrainingSources.FOLDER_USE, TrainingSources.FOLDER_USE);
        assertThat(data.provenance().description()).contains("2 scans of the folder site-a (DME 2)")
                .contains("1 scans of the folder site-b (NORMAL 1)").contains("val and test are the npz's own");
    }

    @Test
    void folderScansAreBroughtToTheNpzImageSide() throws Exception {
        Path npz = npzOfSide(32);
        Path folder = ScanFolders.write(temp.resolve("site"), Map.of("CNV", 1));

        TrainingData data = TrainingSources.load(List.of(npz, folder), CLASSES, 1);

        assertThat(data.train().side()).isEqualTo(32);
        assertThat(data.train().pixels()).hasSize(5 * 32 * 32);
    }

    @Test
    void theReviewsCsvBesideTheClassFoldersIsNotRead() throws Exception {
        Path npz = SyntheticOct.write(temp, 20, 8, 4, 1);
        Path folder = ScanFolders.write(temp.resolve("export"), Map.of("DME", 1));
        Files.writeString(folder.resolve("reviews.csv"), "scan_id,file,final_label\ns-DME-0,DME/s-DME-0.jpg,DME\n");

        assertThat(TrainingSources.load(List.of(npz, folder), CLASSES, 1).train().count()).isEqualTo(21);
    }

    @Test
    void anUnknownClassFolderIsRefusedNamingItAndTheModelsClasses() throws Exception {
        Path npz = SyntheticOct.write(temp, 20, 8, 4, 1);
        Path folder = ScanFolders.write(temp.resolve("site"), Map.of("CNV", 1, "cnv", 1));

        assertThatThrownBy(() -> TrainingSources.load(List.of(npz, folder), CLASSES, 1))
                .isInstanceOf(DatasetException.class).hasMessageContaining(folder.resolve("cnv").toString())
                .hasMessageContaining("[CNV, DME, DRUSEN, NORMAL]");
    }

    @Test
    void anEmptyClassFolderIsRefused() throws Exception {
        Path npz = SyntheticOct.write(temp, 20, 8, 4, 1);
        Path folder = ScanFolders.write(temp.resolve("site"), Map.of("CNV", 1, "DME", 0));

        assertThatThrownBy(() -> TrainingSources.load(List.of(npz, folder), CLASSES, 1))
                .isInstanceOf(DatasetException.class).hasMessageContaining(folder.resolve("DME").toString())
                .hasMessageContaining("holds no .png/.jpg/.jpeg scans");
    }

    @Test
    void aFolderWithoutClassFoldersIsRefused() throws Exception {
        Path npz = SyntheticOct.write(temp, 20, 8, 4, 1);
        Path folder = Files.createDirectories(temp.resolve("export"));
        Files.writeString(folder.resolve("reviews.csv"), "scan_id\n");

        assertThatThrownBy(() -> TrainingSources.load(List.of(npz, folder), CLASSES, 1))
                .isInstanceOf(DatasetException.class).hasMessageContaining("holds no class folder")
                .hasMessageContaining("[CNV, DME, DRUSEN, NORMAL]");
    }

    @Test
    void twoNpzFilesAreRefused() throws Exception {
        Path one = SyntheticOct.write(temp, 20, 8, 4, 1);
        Path two = Files.copy(one, temp.resolve("two.npz"));

        assertThatThrownBy(() -> TrainingSources.load(List.of(one, two), CLASSES, 1))
                .isInstanceOf(DatasetException.class).hasMessageContaining("pass one npz");
    }

    @Test
    void severalFoldersWithoutAnNpzAreRefused() throws Exception {
        Path a = ScanFolders.write(temp.resolve("a"), Map.of("CNV", 1));
        Path b = ScanFolders.write(temp.resolve("b"), Map.of("CNV", 1));

        assertThatThrownBy(() -> TrainingSources.load(List.of(a, b), CLASSES, 1))
                .isInstanceOf(DatasetException.class).hasMessageContaining("no npz");
    }

    @Test
    void aSourceGivenTwiceOrMissingIsRefused() throws Exception {
        Path npz = SyntheticOct.write(temp, 20, 8, 4, 1);
        Path folder = ScanFolders.write(temp.resolve("site"), Map.of("CNV", 1));

        assertThatThrownBy(() -> TrainingSources.load(List.of(npz, folder, folder), CLASSES, 1))
                .isInstanceOf(DatasetException.class).hasMessageContaining("given twice");
        assertThatThrownBy(() -> TrainingSources.load(List.of(npz, temp.resolve("sitee")), CLASSES, 1))
                .isInstanceOf(DatasetException.class).hasMessageContaining("sitee does not exist");
        assertThatThrownBy(() -> TrainingSources.load(List.of(), CLASSES, 1))
                .isInstanceOf(DatasetException.class).hasMessageContaining("--data");
    }

    @Test
    void movingAScanToAnotherClassChangesTheFolderMd5() throws Exception {
        ScanFolderSource reader = new ScanFolderSource(new org.octflow.preprocessing.ScanPreprocessor(0, 1));
        Path folder = ScanFolders.write(temp.resolve("site"), Map.of("CNV", 2, "DME", 1));
        String before = reader.loadForTraining(folder, CLASSES).md5();

        Files.move(folder.resolve("CNV/s-CNV-1.jpg"), folder.resolve("DME/s-CNV-1.jpg"));

        assertThat(reader.loadForTraining(folder, CLASSES).md5()).isNotEqualTo(before);
    }

    private Path npzOfSide(int side) throws Exception {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        for (String split : List.of("train", "val", "test")) {
            arrays.put(split + "_images", NpzWriter.uint8(new long[]{4, side, side}, new byte[4 * side * side]));
            arrays.put(split + "_labels", NpzWriter.int64(new long[]{4, 1}, new long[]{0, 1, 2, 3}));
        }
        Path file = temp.resolve("side" + side + ".npz");
        NpzWriter.write(file, arrays);
        return file;
    }
}
