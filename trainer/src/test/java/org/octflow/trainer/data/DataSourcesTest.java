package org.octflow.trainer.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.octflow.dataset.DatasetException;
import org.octflow.dataset.MedMnistNpz;
import org.octflow.dataset.NpzWriter;
import org.octflow.preprocessing.ScanPreprocessor;
import org.octflow.trainer.support.SyntheticOct;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataSourcesTest {
    @TempDir
    Path temp;

    @Test
    void loadsAMedMnistNpzFromAnyPathWithItsMd5() throws Exception {
        Path file = SyntheticOct.write(temp, 20, 8, 4, 1);
        TrainingData data = NpzSource.load(file, MedMnistNpz.OCT_CLASSES);
        assertThat(data.counts()).containsEntry("train", 20).containsEntry("val", 8).containsEntry("test", 4);
        assertThat(data.provenance().sources().get(0).md5()).isEqualTo(FileDigests.md5(file)).hasSize(32);
    }

    @Test
    void aMissingFileIsNamedWithWhatToDo() {
        Path missing = temp.resolve("nope.npz");
        assertThatThrownBy(() -> NpzSource.load(missing, MedMnistNpz.OCT_CLASSES))
                .isInstanceOf(DatasetException.class).hasMessageContaining(missing.toString()).hasMessageContaining("--data");
    }

    @Test
    void anNpzWithoutTheExpectedArraysIsNamed() throws Exception {
        Path file = temp.resolve("other.npz");
        NpzWriter.write(file, Map.of("x", NpzWriter.uint8(new long[]{2}, new byte[2])));
        assertThatThrownBy(() -> NpzSource.load(file, MedMnistNpz.OCT_CLASSES))
                .isInstanceOf(DatasetException.class).hasMessageContaining("other.npz").hasMessageContaining("train_images");
    }

    @Test
    void aFolderOfScansPerClassIsSplitPerClass() throws Exception {
        Path root = temp.resolve("scans");
        for (String c : MedMnistNpz.OCT_CLASSES) {
            Files.createDirectories(root.resolve(c));
            for (int i = 0; i < 7; i++) {
                BufferedImage image = new BufferedImage(60, 40, BufferedImage.TYPE_BYTE_GRAY);
                image.getRaster().setSample(i, i, 0, 200);
                ImageIO.write(image, "png", root.resolve(c).resolve("scan" + i + ".png").toFile());
            }
        }
        TrainingData data = new ScanFolderSource(new ScanPreprocessor(0, 1)).load(root, MedMnistNpz.OCT_CLASSES, 1);
        assertThat(data.train().side()).isEqualTo(28);
        assertThat(data.train().count() + data.val().count() + data.test().count()).isEqualTo(28);
        assertThat(data.test().classCounts(4)).containsOnly(1);
        assertThat(data.val().classCounts(4)).containsOnly(1);
    }

    @Test
    void aBrokenScanIsNamedWithTheProblem() throws Exception {
        Path root = temp.resolve("scans");
        for (String c : MedMnistNpz.OCT_CLASSES) {
            Files.createDirectories(root.resolve(c));
        }
        Path broken = root.resolve("DME").resolve("broken.jpeg");
        Files.write(broken, new byte[]{1, 2, 3});
        assertThatThrownBy(() -> new ScanFolderSource(new ScanPreprocessor(0, 1)).load(root, MedMnistNpz.OCT_CLASSES, 1))
                .isInstanceOf(DatasetException.class).hasMessageContaining("CNV");
        Files.write(root.resolve("CNV").resolve("ok.png"), new byte[]{1});
        assertThatThrownBy(() -> new ScanFolderSource(new ScanPreprocessor(0, 1)).load(root, MedMnistNpz.OCT_CLASSES, 1))
                .isInstanceOf(DatasetException.class).hasMessageContaining("ok.png");
    }

    @Test
    void anUnknownClassFolderIsRefused() throws Exception {
        Path root = temp.resolve("scans");
        Files.createDirectories(root.resolve("GLAUCOMA"));
        assertThatThrownBy(() -> new ScanFolderSource(new ScanPreprocessor(0, 1)).load(root, MedMnistNpz.OCT_CLASSES, 1))
                .isInstanceOf(DatasetException.class).hasMessageContaining("GLAUCOMA").hasMessageContaining("CNV");
    }
}
