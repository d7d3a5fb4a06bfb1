package org.octflow.preprocessing;

import org.junit.jupiter.api.Test;
import org.octflow.contracts.v1.ImageEncoding;

import java.nio.FloatBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ScanPreprocessorTest {

    @Test
    void normalisesPixelsWithTheManifestsMeanAndStd() throws Exception {
        ScanPreprocessor preprocessor = new ScanPreprocessor(0.2, 0.5);
        byte[] raw = new byte[28 * 28];
        raw[0] = (byte) 255;
        raw[1] = (byte) 51;

        FloatBuffer tensor = FloatBuffer.allocate(28 * 28);
        preprocessor.writeNormalized(preprocessor.toModelSize(raw, ImageEncoding.RAW_GREY8, 28, 28), tensor);

        assertThat(tensor.position()).isEqualTo(784);
        assertThat(tensor.get(0)).isCloseTo((1f - 0.2f) / 0.5f, within(1e-6f));
        assertThat(tensor.get(1)).isCloseTo((0.2f - 0.2f) / 0.5f, within(1e-6f));
        assertThat(tensor.get(2)).isCloseTo(-0.4f, within(1e-6f));
    }
}
