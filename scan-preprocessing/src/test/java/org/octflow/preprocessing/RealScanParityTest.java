package org.octflow.preprocessing;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.octflow.contracts.v1.ImageEncoding;
import org.octflow.dataset.LabeledImages;
import org.octflow.dataset.MedMnistNpz;
import org.octflow.dataset.Split;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The serving path's preprocessing, applied to a full-size OCT2017 scan, must give the 28x28 image OCTMNIST made
 * from the same scan (../shared/data/README.md measured r = 0.9987 for this pair).
 */
class RealScanParityTest {
    static final Path SHARED_DATA = Path.of(System.getProperty("octflow.shared.data", "../../shared/data"));

    @Test
    void aFullSizeScanBecomesTheOctmnistImageOfTheSameScan() throws Exception {
        Path jpeg = SHARED_DATA.resolve("oct2017-val/DRUSEN/DRUSEN-9800172-2.jpeg");
        Path npz = SHARED_DATA.resolve("octmnist_partial.npz");
        Assumptions.assumeTrue(Files.exists(jpeg) && Files.exists(npz),
                "skipped: real OCT data not found at " + SHARED_DATA.toAbsolutePath()
                        + " (set -Doctflow.shared.data=<dir> to run it)");

        GreyImage served = new ScanPreprocessor(0, 1).toModelSize(Files.readAllBytes(jpeg), ImageEncoding.JPEG, 0, 0);
        LabeledImages val = MedMnistNpz.loadSplit(npz, Split.VAL, 4);
        int row = -1;
        for (int i = 0; i < val.count(); i++) {
            if (val.sourceIndexes()[i] == 5190) {
                row = i;
            }
        }
        assertThat(row).as("val_index 5190 in the subset").isNotNegative();
        GreyImage octmnist = val.image(row);

        double r = pearson(served.pixels(), octmnist.pixels());
        double meanAbsDiff = meanAbsoluteDifference(served.pixels(), octmnist.pixels());
        System.out.printf("served vs OCTMNIST: r = %.4f, mean |diff| = %.2f grey levels%n", r, meanAbsDiff);
        assertThat(r).isGreaterThan(0.995);
        assertThat(meanAbsDiff).isLessThan(4.0);
    }

    static double pearson(byte[] a, byte[] b) {
        double ma = 0, mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i] & 0xff;
            mb += b[i] & 0xff;
        }
        ma /= a.length;
        mb /= b.length;
        double cov = 0, va = 0, vb = 0;
        for (int i = 0; i < a.length; i++) {
            double da = (a[i] & 0xff) - ma, db = (b[i] & 0xff) - mb;
            cov += da * db;
            va += da * da;
            vb += db * db;
        }
        return cov / Math.sqrt(va * vb);
    }

    static double meanAbsoluteDifference(byte[] a, byte[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
        }
        return sum / a.length;
    }
}
