package org.octflow.preprocessing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SquareResamplerTest {
    private final SquareResampler to28 = new SquareResampler(28);

    private static GreyImage filled(int width, int height, java.util.function.IntBinaryOperator pixel) {
        byte[] pixels = new byte[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                pixels[y * width + x] = (byte) pixel.applyAsInt(x, y);
            }
        }
        return new GreyImage(width, height, pixels);
    }

    @Test
    void leavesAModelSizeImageUntouched() {
        GreyImage image = filled(28, 28, (x, y) -> x * 9 + y);

        assertThat(to28.centreCropResize(image).pixels()).isEqualTo(image.pixels());
    }

    @Test
    void keepsAFlatImageFlatAtAnySize() {
        GreyImage resized = to28.centreCropResize(filled(1536, 496, (x, y) -> 77));

        assertThat(resized.width()).isEqualTo(28);
        assertThat(resized.height()).isEqualTo(28);
        for (byte p : resized.pixels()) {
            assertThat(p & 0xff).isEqualTo(77);
        }
    }

    @Test
    void cropsTheCentreSquareOfAWideScan() {
        // 84x28: left third black, centre third white, right third black
        GreyImage wide = filled(84, 28, (x, y) -> x >= 28 && x < 56 ? 255 : 0);

        GreyImage resized = to28.centreCropResize(wide);

        for (byte p : resized.pixels()) {
            assertThat(p & 0xff).isEqualTo(255);
        }
    }

    @Test
    void averagesEveryPixelWhenShrinkingSoNothingAliases() {
        // A one-pixel checkerboard shrunk 4x must come out mid-grey, not black or white.
        GreyImage checker = filled(112, 112, (x, y) -> (x + y) % 2 == 0 ? 0 : 200);

        GreyImage resized = to28.centreCropResize(checker);

        for (byte p : resized.pixels()) {
            assertThat(p & 0xff).isBetween(90, 110);
        }
    }

    @Test
    void halvesA2x2BlockImageToItsBlocks() {
        GreyImage blocks = filled(56, 56, (x, y) -> (x / 2) * 4 + (y / 2) % 3);

        GreyImage resized = to28.centreCropResize(blocks);

        assertThat(resized.at(5, 4)).isEqualTo(5 * 4 + 4 % 3);
        assertThat(resized.at(27, 27)).isEqualTo(27 * 4 + 27 % 3);
    }
}
