package org.octflow.dataset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MedMnistNpzTest {
    @TempDir
    Path dir;

    private Map<String, NpyArray> validArrays(int n, int side) {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        for (Split split : Split.values()) {
            byte[] pixels = new byte[n * side * side];
            Arrays.fill(pixels, (byte) split.ordinal());
            long[] labels = new long[n];
            for (int i = 0; i < n; i++) {
                labels[i] = i % 4;
            }
            arrays.put(split.key() + "_images", NpzWriter.uint8(new long[]{n, side, side}, pixels));
            arrays.put(split.key() + "_labels", NpzWriter.int64(new long[]{n, 1}, labels));
        }
        return arrays;
    }

    private Path write(Map<String, NpyArray> arrays) throws IOException {
        Path file = dir.resolve("data.npz");
        NpzWriter.write(file, arrays);
        return file;
    }

    @Test
    void loadsEverySplitWithItsLabels() throws Exception {
        Path file = write(validArrays(6, 28));

        Map<Split, LabeledImages> splits = MedMnistNpz.load(file, 4);

        assertThat(splits.get(Split.TRAIN).count()).isEqualTo(6);
        assertThat(splits.get(Split.VAL).image(0).at(3, 3)).isEqualTo(1);
        assertThat(splits.get(Split.TEST).labels()).containsExactly(0, 1, 2, 3, 0, 1);
        assertThat(splits.get(Split.TEST).classCounts(4)).containsExactly(2, 2, 1, 1);
    }

    @Test
    void toleratesExtraKeysAndKeepsTheOfficialIndex() throws Exception {
        Map<String, NpyArray> arrays = validArrays(3, 28);
        arrays.put("train_index", NpzWriter.int64(new long[]{3}, new long[]{10, 20, 30}));
        arrays.put("notes", NpzWriter.uint8(new long[]{2}, new byte[]{1, 2}));

        LabeledImages train = MedMnistNpz.load(write(arrays), 4).get(Split.TRAIN);

        assertThat(train.sourceIndexes()).containsExactly(10, 20, 30);
    }

    @Test
    void namesTheMissingKey() throws Exception {
        Map<String, NpyArray> arrays = validArrays(3, 28);
        arrays.remove("val_labels");

        Path file = write(arrays);
        assertThatThrownBy(() -> MedMnistNpz.load(file, 4))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("'val_labels'");
    }

    @Test
    void rejectsImagesThatAreNotSquareGrey() throws Exception {
        Map<String, NpyArray> arrays = validArrays(3, 28);
        arrays.put("test_images", NpzWriter.uint8(new long[]{3, 28, 28, 3}, new byte[3 * 28 * 28 * 3]));

        assertThatThrownBy(() -> MedMnistNpz.load(write(arrays), 4))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("test_images has shape (3, 28, 28, 3)");
    }

    @Test
    void rejectsALabelOutsideTheClasses() throws Exception {
        Map<String, NpyArray> arrays = validArrays(3, 28);
        arrays.put("train_labels", NpzWriter.int64(new long[]{3, 1}, new long[]{0, 4, 1}));

        assertThatThrownBy(() -> MedMnistNpz.load(write(arrays), 4))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("train_labels[1] is 4; labels must be 0..3");
    }

    @Test
    void rejectsLabelsThatDoNotMatchTheImages() throws Exception {
        Map<String, NpyArray> arrays = validArrays(3, 28);
        arrays.put("train_labels", NpzWriter.int64(new long[]{2, 1}, new long[]{0, 1}));

        assertThatThrownBy(() -> MedMnistNpz.load(write(arrays), 4))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("expected (3, 1)");
    }

    @Test
    void saysATruncatedFileIsTruncated() throws Exception {
        Path file = write(validArrays(50, 28));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> MedMnistNpz.load(file, 4))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("download it again");
    }

    @Test
    void saysWhatToDoWhenTheFileIsMissing() {
        assertThatThrownBy(() -> MedMnistNpz.load(dir.resolve("absent.npz"), 4))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("--data");
    }
}
