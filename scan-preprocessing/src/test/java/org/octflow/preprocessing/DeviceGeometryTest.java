package org.octflow.preprocessing;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.octflow.contracts.v1.ImageEncoding;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.function.IntBinaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The scan sizes OCT devices send, through the served path: decode, grey, centre-crop to a square, resize to 28x28,
 * normalise. A WxH scan (W > H) keeps its central HxH square and drops (W - H) / 2 columns on each side.
 */
class DeviceGeometryTest {
    // The deployed model's normalisation (models/octmnist-cnn/manifest.json).
    private static final double MEAN = 0.18809282905702557;
    private static final double STD = 0.19455776790981205;
    /** One grey level of the 28x28 image, in normalised units. */
    private static final float ONE_GREY_LEVEL = (float) (1 / (255 * STD));

    private final ScanPreprocessor preprocessor = new ScanPreprocessor(MEAN, STD);

    /** A device's scan size, the columns the crop drops on each side, and the share of the width it keeps. */
    record Geometry(int width, int height, int margin, String kept) {
        @Override
        public String toString() {
            return width + "x" + height + " (keeps " + kept + " of the width)";
        }
    }

    static Stream<Geometry> wideGeometries() {
        return Stream.of(
                new Geometry(1536, 496, 520, "496/1536 = 31/96 = 32.29 %"),
                new Geometry(768, 496, 136, "496/768 = 31/48 = 64.58 %"),
                new Geometry(512, 496, 8, "496/512 = 31/32 = 96.88 %"));
    }

    static Stream<Geometry> everyGeometry() {
        return Stream.concat(wideGeometries(), Stream.of(new Geometry(512, 512, 0, "512/512 = 100 %")));
    }

    static Stream<Arguments> everyGeometryAsPngAndRaw() {
        return everyGeometry().flatMap(g -> Stream.of(
                Arguments.of(g, ImageEncoding.PNG), Arguments.of(g, ImageEncoding.RAW_GREY8)));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("everyGeometryAsPngAndRaw")
    void becomes784FiniteValuesNormalisedWithTheModelsMeanAndStd(Geometry g, ImageEncoding encoding)
            throws Exception {
        // Black left half, white right half: the model input's first column is black, its last white.
        float[] input = preprocess(scan(g, (x, y) -> x < g.width() / 2 ? 0 : 255), encoding);

        assertThat(input).hasSize(28 * 28);
        float black = (float) ((0 - MEAN) / STD);
        float white = (float) ((1 - MEAN) / STD);
        for (int row = 0; row < 28; row++) {
            assertThat(input[row * 28]).as("row %d, first column", row).isCloseTo(black, within(1e-5f));
            assertThat(input[row * 28 + 27]).as("row %d, last column", row).isCloseTo(white, within(1e-5f));
        }
        for (float value : input) {
            float grey = (float) ((value * STD + MEAN) * 255);
            assertThat(value).isFinite();
            assertThat(grey).as("%s is (grey / 255 - mean) / std for a grey level", value)
                    .isBetween(0f, 255f).isCloseTo(Math.round(grey), within(1e-3f));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wideGeometries")
    void dropsEveryColumnOutsideTheCentralSquare(Geometry g) throws Exception {
        int keptEnd = g.width() - g.margin();
        float[] blank = preprocess(scan(g, (x, y) -> 0));

        float[] brightMargins = preprocess(scan(g, (x, y) -> x < g.margin() || x >= keptEnd ? 255 : 0));

        assertThat(brightMargins).as("columns 0-%d and %d-%d lit", g.margin() - 1, keptEnd, g.width() - 1)
                .containsExactly(blank);
    }

    /** With {@link #dropsEveryColumnOutsideTheCentralSquare}, pins the crop to exact columns; 512x512 keeps all. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("everyGeometry")
    void keepsTheCentreAndEveryEdgeOfTheCentralSquare(Geometry g) throws Exception {
        int first = g.margin();
        int last = g.width() - g.margin() - 1;
        int centre = g.width() / 2;
        float[] blank = preprocess(scan(g, (x, y) -> 0));

        assertThat(preprocess(scan(g, (x, y) -> Math.abs(x - centre) < 8 ? 255 : 0)))
                .as("a band at the centre").isNotEqualTo(blank);
        assertThat(preprocess(scan(g, (x, y) -> x == first ? 255 : 0)))
                .as("column %d, the first kept", first).isNotEqualTo(blank);
        assertThat(preprocess(scan(g, (x, y) -> x == last ? 255 : 0)))
                .as("column %d, the last kept", last).isNotEqualTo(blank);
        assertThat(preprocess(scan(g, (x, y) -> y == 0 ? 255 : 0))).as("the top row").isNotEqualTo(blank);
        assertThat(preprocess(scan(g, (x, y) -> y == g.height() - 1 ? 255 : 0)))
                .as("the bottom row").isNotEqualTo(blank);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyGeometry")
    void mirroringTheScanMirrorsTheModelInput(Geometry g) throws Exception {
        // Lopsided on purpose: a lit left margin, a lit first kept column and an off-centre block with sharp edges,
        // so a crop one column off or a filter half a pixel off breaks the symmetry by several grey levels.
        int side = g.height();
        IntBinaryOperator lopsided = (x, y) -> {
            int inCrop = x - g.margin();
            boolean block = inCrop >= side / 5 && inCrop < side / 3 && y >= side / 4 && y < side / 2;
            return inCrop <= 0 || block ? 255 : 30;
        };

        float[] input = preprocess(scan(g, lopsided));
        float[] mirroredInput = preprocess(scan(g, (x, y) -> lopsided.applyAsInt(g.width() - 1 - x, y)));

        // Exact today; one grey level allowed as the mirrored taps are summed in the other order.
        assertThat(mirroredInput).as("input values at columns 27..0 of each row")
                .containsExactly(mirrorColumns(input), within(ONE_GREY_LEVEL * 1.01f));
        assertThat(input).as("the scan is lopsided").isNotEqualTo(mirrorColumns(input));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wideGeometries")
    void aWideScanBecomesWhatItsCentralSquareBecomes(Geometry g) throws Exception {
        Random random = new Random(g.width());
        BufferedImage noise = scan(g, (x, y) -> random.nextInt(256));
        BufferedImage centralSquare = scan(g.height(), g.height(),
                (x, y) -> noise.getRaster().getSample(g.margin() + x, y, 0));

        assertThat(preprocess(noise)).containsExactly(preprocess(centralSquare), within(1e-6f));
    }

    private float[] preprocess(BufferedImage scan) throws Exception {
        return preprocess(scan, ImageEncoding.PNG);
    }

    /** As the worker does: decode and bring to 28x28, then write the normalised pixels into the batch tensor. */
    private float[] preprocess(BufferedImage scan, ImageEncoding encoding) throws Exception {
        byte[] bytes = encoding == ImageEncoding.RAW_GREY8
                ? ((DataBufferByte) scan.getRaster().getDataBuffer()).getData()
                : ScanDecoderTest.encode(scan, "png");
        FloatBuffer tensor = FloatBuffer.allocate(2 * 28 * 28); // room to spare, so a miscount shows
        preprocessor.writeNormalized(preprocessor.toModelSize(bytes, encoding, scan.getWidth(), scan.getHeight()),
                tensor);
        return Arrays.copyOf(tensor.array(), tensor.position());
    }

    private static BufferedImage scan(Geometry g, IntBinaryOperator grey) {
        return scan(g.width(), g.height(), grey);
    }

    private static BufferedImage scan(int width, int height, IntBinaryOperator grey) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, grey.applyAsInt(x, y));
            }
        }
        return image;
    }

    private static float[] mirrorColumns(float[] input) {
        float[] mirrored = new float[input.length];
        for (int i = 0; i < input.length; i++) {
            mirrored[i] = input[i - i % 28 + 27 - i % 28];
        }
        return mirrored;
    }
}
