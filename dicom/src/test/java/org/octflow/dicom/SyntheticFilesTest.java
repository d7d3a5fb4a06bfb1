package org.octflow.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import com.github.jaiimageio.jpeg2000.J2KImageWriteParam;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;

/** Files built by hand ({@link Part10Writer}): each transfer syntax and layout the reader claims, and its refusals. */
class SyntheticFilesTest {

    private static final String OPT = SopClass.OPHTHALMIC_TOMOGRAPHY_IMAGE.uid();
    private static final byte[] PIXELS_4X2 = {0, 10, 20, 30, 40, 50, 60, (byte) 250};

    @Test
    void readsImplicitVrLittleEndianWithSequencesAndNativePixels() throws Exception {
        byte[] file = greyVolume(new Part10Writer("1.2.840.10008.1.2", false), 1).bytes();
        DicomInstance instance = new DicomReader().read(new ByteArrayInputStream(file));
        assertThat(instance.transferSyntax()).isEqualTo(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        assertThat(instance.sopClassUid()).isEqualTo(OPT);
        assertThat(instance.attributes().string(Tag.STUDY_INSTANCE_UID)).contains("1.2.3.4");
        assertThat(instance.attributes().sequence(Tag.SHARED_FUNCTIONAL_GROUPS_SEQUENCE)).singleElement()
                .satisfies(shared -> assertThat(shared.sequence(Tag.FRAME_ANATOMY_SEQUENCE)).singleElement()
                        .satisfies(anatomy -> assertThat(anatomy.string(Tag.FRAME_LATERALITY)).contains("L")));
        assertThat(decodeOnlyFrame(instance)).isEqualTo(PIXELS_4X2);
    }

    @Test
    void readsDeflatedExplicitVrLittleEndian() throws Exception {
        byte[] file = greyVolume(new Part10Writer("1.2.840.10008.1.2.1.99", true), 1).deflatedBytes();
        DicomInstance instance = new DicomReader().read(new ByteArrayInputStream(file));
        assertThat(instance.transferSyntax()).isEqualTo(TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(instance.attributes().string(Tag.SERIES_INSTANCE_UID)).contains("1.2.3.5");
        assertThat(decodeOnlyFrame(instance)).isEqualTo(PIXELS_4X2);
    }

    @Test
    void readsUndefinedLengthUnAsAnImplicitVrSequenceAndSkipsPrivateSequences() throws Exception {
        byte[] file = Part10Writer.explicitLittleEndian()
                .text(Tag.SOP_CLASS_UID, "UI", OPT)
                .undefinedLengthSequence(0x0009_1010, "SQ", 0x0009_1011, "LO", "VENDOR")
                .undefinedLengthSequence(0x0040_0555, "UN", 0x0040_A040, "CS", "TEXT")
                .text(Tag.STUDY_INSTANCE_UID, "UI", "1.2.3.4")
                .bytes();
        Attributes attributes = new DicomReader().read(new ByteArrayInputStream(file)).attributes();
        assertThat(attributes.sequence(0x0040_0555)).singleElement()
                .satisfies(item -> assertThat(item.string(0x0040_A040)).contains("TEXT"));
        assertThat(attributes.contains(0x0009_1010)).as("private sequence kept").isFalse();
        assertThat(attributes.string(Tag.STUDY_INSTANCE_UID)).contains("1.2.3.4");
    }

    @Test
    void takesTheLateralityOfAnOctVolumeFromTheSharedFrameAnatomyWhenImageLateralityIsAbsent() throws Exception {
        byte[] file = greyVolume(Part10Writer.explicitLittleEndian(), 1).bytes();
        OctVolume volume = new OctVolumeReader().open(new ByteArrayInputStream(file));
        assertThat(volume.nextBScan().orElseThrow().origin())
                .isEqualTo(new ScanOrigin("1.2.3.4", "1.2.3.5", "1.2.3.6", OPT, 1, "L"));
        assertThat(volume.nextBScan()).isEmpty();
    }

    @Test
    void stretches16BitMonochrome1ToTheFrameRangeAndInvertsIt() throws Exception {
        byte[] pixels = le16(0, 2048, 4095, 0xF000 | 4095); // bits above Bits Stored (12) are not part of the value
        byte[] file = Part10Writer.explicitLittleEndian()
                .text(Tag.SOP_CLASS_UID, "UI", OPT)
                .us(Tag.SAMPLES_PER_PIXEL, 1).text(Tag.PHOTOMETRIC_INTERPRETATION, "CS", "MONOCHROME1")
                .us(Tag.ROWS, 1).us(Tag.COLUMNS, 4)
                .us(Tag.BITS_ALLOCATED, 16).us(Tag.BITS_STORED, 12).us(Tag.HIGH_BIT, 11).us(Tag.PIXEL_REPRESENTATION, 0)
                .nativePixels("OW", pixels).bytes();
        DicomInstance instance = new DicomReader().read(new ByteArrayInputStream(file));
        assertThat(decodeOnlyFrame(instance)).containsExactly((byte) 255, (byte) 127, (byte) 0, (byte) 0);
    }

    @Test
    void appliesWindowCenterAndWidthTo16BitFramesThatHaveThem() throws Exception {
        byte[] file = Part10Writer.explicitLittleEndian()
                .us(Tag.SAMPLES_PER_PIXEL, 1).text(Tag.PHOTOMETRIC_INTERPRETATION, "CS", "MONOCHROME2")
                .us(Tag.ROWS, 1).us(Tag.COLUMNS, 3)
                .us(Tag.BITS_ALLOCATED, 16).us(Tag.BITS_STORED, 16).us(Tag.HIGH_BIT, 15).us(Tag.PIXEL_REPRESENTATION, 0)
                .text(Tag.WINDOW_CENTER, "DS", "1000").text(Tag.WINDOW_WIDTH, "DS", "200")
                .nativePixels("OW", le16(800, 1000, 1200)).bytes();
        DicomInstance instance = new DicomReader().read(new ByteArrayInputStream(file));
        assertThat(decodeOnlyFrame(instance)).containsExactly((byte) 0, (byte) 128, (byte) 255);
    }

    @Test
    void refusesBigEndianNamingTheTransferSyntax() {
        byte[] file = greyVolume(new Part10Writer("1.2.840.10008.1.2.2", true), 1).bytes();
        assertThatThrownBy(() -> new DicomReader().read(new ByteArrayInputStream(file)))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("Explicit VR Big Endian")
                .hasMessageContaining("(1.2.840.10008.1.2.2) is not read")
                .extracting(e -> ((DicomException) e).kind()).isEqualTo(DicomException.Kind.TRANSFER_SYNTAX_NOT_READ);
    }

    @Test
    void refusesAnUnknownTransferSyntaxNamingItsUid() {
        byte[] file = greyVolume(new Part10Writer("1.2.3.999", true), 1).bytes();
        assertThatThrownBy(() -> new DicomReader().read(new ByteArrayInputStream(file)))
                .hasMessageStartingWith("transfer syntax 1.2.3.999 is unknown to this reader");
    }

    @Test
    void refusesATruncatedFileSayingWhereItEnds() {
        byte[] whole = greyVolume(Part10Writer.explicitLittleEndian(), 1).bytes();
        byte[] cut = Arrays.copyOf(whole, whole.length - PIXELS_4X2.length - 20);
        assertThatThrownBy(() -> new DicomReader().read(new ByteArrayInputStream(cut)))
                .isInstanceOf(DicomException.class)
                .hasMessageStartingWith("truncated DICOM file: it ends at byte offset " + cut.length
                        + " while reading")
                .extracting(e -> ((DicomException) e).kind()).isEqualTo(DicomException.Kind.UNREADABLE);
    }

    @Test
    void refusesAFileTruncatedInsideItsFramesWhenThatFrameIsRead() throws Exception {
        byte[] whole = greyVolume(Part10Writer.explicitLittleEndian(), 2).bytes();
        byte[] cut = Arrays.copyOf(whole, whole.length - 3);
        DicomInstance instance = new DicomReader().read(new ByteArrayInputStream(cut));
        assertThat(instance.nextFrame()).isPresent();
        assertThatThrownBy(instance::nextFrame)
                .hasMessageContaining("while reading frame 2 of 2 in Pixel Data (7FE0,0010)");
    }

    @Test
    void refusesAFrameItsFileClaimsButDoesNotHoldWithoutAllocatingIt() throws Exception {
        byte[] file = Part10Writer.explicitLittleEndian()
                .us(Tag.SAMPLES_PER_PIXEL, 1).text(Tag.PHOTOMETRIC_INTERPRETATION, "CS", "MONOCHROME2")
                .us(Tag.ROWS, 40_000).us(Tag.COLUMNS, 50_000)
                .us(Tag.BITS_ALLOCATED, 8).us(Tag.BITS_STORED, 8).us(Tag.HIGH_BIT, 7).us(Tag.PIXEL_REPRESENTATION, 0)
                .pixelDataHeaderClaiming(2_000_000_000L).bytes();
        DicomInstance instance = new DicomReader().read(new ByteArrayInputStream(file));
        assertThatThrownBy(instance::nextFrame).hasMessageStartingWith("truncated DICOM file: it ends at byte offset "
                + file.length + " while reading frame 1 of 1");
    }

    @Test
    void refusesAFileWithoutDicmPrefix() {
        byte[] file = greyVolume(Part10Writer.explicitLittleEndian(), 1).bytes();
        file[129] = 'X';
        assertThatThrownBy(() -> new DicomReader().read(new ByteArrayInputStream(file)))
                .hasMessageStartingWith("not a DICOM Part 10 file: no \"DICM\" at byte offset 128");
        assertThatThrownBy(() -> new DicomReader().read(new ByteArrayInputStream(new byte[40])))
                .hasMessageStartingWith("not a DICOM Part 10 file: it is shorter than the 128-byte preamble");
    }

    @Test
    void refusesAnElementWithoutAValidVrNamingItsTagAndOffset() {
        byte[] file = greyVolume(Part10Writer.explicitLittleEndian(), 1).bytes();
        int rows = indexOf(file, new byte[] {0x28, 0, 0x10, 0, 'U', 'S'});
        file[rows + 4] = '?';
        assertThatThrownBy(() -> new DicomReader().read(new ByteArrayInputStream(file)))
                .hasMessageStartingWith("element (0028,0010) at byte offset " + rows + " has no valid VR");
    }

    @Test
    void readsEncapsulatedFramesWithAnEmptyOffsetTableOneFragmentEach() throws Exception {
        byte[][] jpegs = {jpeg(20), jpeg(120), jpeg(220)};
        byte[] file = jpegVolume(3, new long[0], jpegs);
        assertThat(decodeAll(file)).containsExactly(decoded(jpegs[0]), decoded(jpegs[1]), decoded(jpegs[2]));
    }

    @Test
    void groupsFragmentsIntoFramesByTheJpegEndMarkerWhenTheOffsetTableIsEmpty() throws Exception {
        byte[][] jpegs = {jpeg(20), jpeg(220)};
        byte[][] first = split(jpegs[0]);
        byte[] file = jpegVolume(2, new long[0], first[0], first[1], jpegs[1]);
        assertThat(decodeAll(file)).containsExactly(decoded(jpegs[0]), decoded(jpegs[1]));
    }

    @Test
    void groupsFragmentsIntoFramesByAFilledOffsetTable() throws Exception {
        byte[][] jpegs = {jpeg(20), jpeg(220)};
        byte[][] first = split(jpegs[0]);
        byte[][] second = split(jpegs[1]);
        long secondFrame = 8L + even(first[0].length) + 8 + even(first[1].length);
        byte[] file = jpegVolume(2, new long[] {0, secondFrame}, first[0], first[1], second[0], second[1]);
        assertThat(decodeAll(file)).containsExactly(decoded(jpegs[0]), decoded(jpegs[1]));
    }

    @Test
    void readsJpeg2000FramesLosslessly() throws Exception {
        byte[] first = jpeg2000(image(20));
        byte[] second = jpeg2000(image(220));
        byte[] file = encapsulatedVolume(TransferSyntax.JPEG_2000_LOSSLESS, 2, new long[0], first, second);
        assertThat(decodeAll(file)).containsExactly(grey(image(20)), grey(image(220)));
    }

    @Test
    void refusesEncapsulatedPixelDataWithFewerFramesThanNumberOfFrames() throws Exception {
        byte[] file = jpegVolume(3, new long[0], jpeg(20), jpeg(120));
        DicomInstance instance = new DicomReader().read(new ByteArrayInputStream(file));
        instance.nextFrame();
        instance.nextFrame();
        assertThatThrownBy(instance::nextFrame).hasMessageStartingWith("encapsulated Pixel Data ended after 2 of 3");
    }

    @Test
    void errorsNeverCarryThePatientsNameOrId() throws Exception {
        byte[] whole = greyVolume(Part10Writer.explicitLittleEndian(), 2).bytes();
        List<String> messages = new ArrayList<>();
        for (int length = 0; length < whole.length; length++) {
            messages.add(readingFails(Arrays.copyOf(whole, length)));
        }
        byte[] corruptAfterName = whole.clone();
        corruptAfterName[indexOf(whole, "Doe^Jane".getBytes()) + 8 + 4] = (byte) 0x3F; // the VR of Patient ID
        messages.add(readingFails(corruptAfterName));
        assertThat(messages).doesNotContainNull()
                .noneMatch(m -> m.contains("Doe") || m.contains("Jane") || m.contains("PID-4711"));
    }

    /** The error reading the file (header and every frame); null if it reads whole, which the test rejects. */
    private static String readingFails(byte[] file) {
        try {
            DicomInstance instance = new DicomReader().read(new ByteArrayInputStream(file));
            while (instance.nextFrame().isPresent()) {
                continue;
            }
            return null;
        } catch (DicomException e) {
            return e.getMessage();
        }
    }

    private static Part10Writer greyVolume(Part10Writer writer, int frames) {
        byte[] pixels = new byte[PIXELS_4X2.length * frames];
        for (int f = 0; f < frames; f++) {
            System.arraycopy(PIXELS_4X2, 0, pixels, f * PIXELS_4X2.length, PIXELS_4X2.length);
        }
        return writer.text(Tag.SPECIFIC_CHARACTER_SET, "CS", "ISO_IR 100")
                .text(Tag.SOP_CLASS_UID, "UI", OPT).text(Tag.SOP_INSTANCE_UID, "UI", "1.2.3.6")
                .text(Tag.PATIENT_NAME, "PN", "Doe^Jane").text(Tag.PATIENT_ID, "LO", "PID-4711")
                .text(Tag.STUDY_INSTANCE_UID, "UI", "1.2.3.4").text(Tag.SERIES_INSTANCE_UID, "UI", "1.2.3.5")
                .us(Tag.SAMPLES_PER_PIXEL, 1).text(Tag.PHOTOMETRIC_INTERPRETATION, "CS", "MONOCHROME2")
                .text(Tag.NUMBER_OF_FRAMES, "IS", Integer.toString(frames))
                .us(Tag.ROWS, 2).us(Tag.COLUMNS, 4)
                .us(Tag.BITS_ALLOCATED, 8).us(Tag.BITS_STORED, 8).us(Tag.HIGH_BIT, 7).us(Tag.PIXEL_REPRESENTATION, 0)
                .sequenceWithFrameLaterality()
                .nativePixels("OB", pixels);
    }

    private static byte[] jpegVolume(int frames, long[] offsets, byte[]... fragments) {
        return encapsulatedVolume(TransferSyntax.JPEG_BASELINE, frames, offsets, fragments);
    }

    private static byte[] encapsulatedVolume(TransferSyntax syntax, int frames, long[] offsets, byte[]... fragments) {
        return new Part10Writer(syntax.uid(), true)
                .text(Tag.SOP_CLASS_UID, "UI", OPT)
                .us(Tag.SAMPLES_PER_PIXEL, 1).text(Tag.PHOTOMETRIC_INTERPRETATION, "CS", "MONOCHROME2")
                .text(Tag.NUMBER_OF_FRAMES, "IS", Integer.toString(frames))
                .us(Tag.ROWS, 16).us(Tag.COLUMNS, 24)
                .us(Tag.BITS_ALLOCATED, 8).us(Tag.BITS_STORED, 8).us(Tag.HIGH_BIT, 7).us(Tag.PIXEL_REPRESENTATION, 0)
                .encapsulated(offsets, fragments).bytes();
    }

    /** A 24x16 grey image with a gradient starting at {@code base}. */
    private static BufferedImage image(int base) {
        BufferedImage image = new BufferedImage(24, 16, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 24; x++) {
                image.getRaster().setSample(x, y, 0, Math.min(255, base + x + y));
            }
        }
        return image;
    }

    private static byte[] jpeg(int base) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image(base), "jpeg", out)).isTrue();
        return out.toByteArray();
    }

    /** A bare lossless JPEG 2000 codestream, without the JP2 file wrapper, as DICOM stores it (PS3.5 A.4.4). */
    private static byte[] jpeg2000(BufferedImage image) throws Exception {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg2000").next();
        J2KImageWriteParam param = (J2KImageWriteParam) writer.getDefaultWriteParam();
        param.setWriteCodeStreamOnly(true);
        param.setLossless(true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        assertThat(out.toByteArray()).startsWith((byte) 0xFF, (byte) 0x4F); // SOC marker: a codestream, not a JP2 file
        return out.toByteArray();
    }

    /** Two fragments of even length (PS3.5 A.4), the first not ending with the JPEG end marker. */
    private static byte[][] split(byte[] jpeg) {
        int middle = jpeg.length / 2 & ~1;
        return new byte[][] {Arrays.copyOfRange(jpeg, 0, middle), Arrays.copyOfRange(jpeg, middle, jpeg.length)};
    }

    private static int even(int length) {
        return length + (length & 1);
    }

    private static byte[] decoded(byte[] jpeg) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        return (byte[]) image.getRaster().getDataElements(0, 0, image.getWidth(), image.getHeight(), null);
    }

    private static List<byte[]> decodeAll(byte[] file) throws Exception {
        DicomInstance instance = new DicomReader().read(new ByteArrayInputStream(file));
        List<byte[]> images = new ArrayList<>();
        for (var frame = instance.nextFrame(); frame.isPresent(); frame = instance.nextFrame()) {
            images.add(grey(new FrameDecoder().decode(instance.imagePixel(), instance.transferSyntax(),
                    frame.get())));
        }
        return images;
    }

    private static byte[] decodeOnlyFrame(DicomInstance instance) throws DicomException {
        Frame frame = instance.nextFrame().orElseThrow();
        assertThat(instance.nextFrame()).isEmpty();
        return grey(new FrameDecoder().decode(instance.imagePixel(), instance.transferSyntax(), frame));
    }

    private static byte[] grey(BufferedImage image) {
        assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        return (byte[]) image.getRaster().getDataElements(0, 0, image.getWidth(), image.getHeight(), null);
    }

    private static byte[] le16(int... values) {
        byte[] bytes = new byte[values.length * 2];
        for (int i = 0; i < values.length; i++) {
            bytes[2 * i] = (byte) values[i];
            bytes[2 * i + 1] = (byte) (values[i] >> 8);
        }
        return bytes;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("pattern not found");
    }
}
