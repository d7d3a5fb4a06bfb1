package org.octflow.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The encoding rules of the product writer, byte by byte. */
class DataSetBuilderTest {

    @Test
    void writesElementsInAscendingTagOrderWhateverTheOrderTheyWereAddedIn() {
        byte[] bytes = new DataSetBuilder().text(Tag.MODALITY, Vr.CS, "SR").uid(Tag.SOP_CLASS_UID, "1.2")
                .encode(DataSetBuilder.SequenceLength.DEFINED);
        assertThat(le(bytes, 0, 2)).isEqualTo(0x0008);
        assertThat(le(bytes, 2, 2)).isEqualTo(0x0016);
    }

    @Test
    void padsOddValuesToEvenLengthUidsWithNulTextWithSpace() {
        byte[] uid = new DataSetBuilder().uid(Tag.SOP_CLASS_UID, "1.2.3").encode(DataSetBuilder.SequenceLength.DEFINED);
        assertThat(le(uid, 6, 2)).isEqualTo(6);
        assertThat(uid[8 + 5]).isEqualTo((byte) 0);
        byte[] text = new DataSetBuilder().text(Tag.PATIENT_ID, Vr.LO, "ABC")
                .encode(DataSetBuilder.SequenceLength.DEFINED);
        assertThat(text[8 + 3]).isEqualTo((byte) ' ');
    }

    @Test
    void writesSequencesWithTheirLengthOrWithDelimiters() {
        DataSetBuilder item = new DataSetBuilder().text(Tag.MODALITY, Vr.CS, "SR");
        byte[] defined = new DataSetBuilder().sequence(SrTags.CONTENT_SEQUENCE, item)
                .encode(DataSetBuilder.SequenceLength.DEFINED);
        // SQ header 12 bytes, item header 8, element 8 + 2: the sequence's length covers the item and its header.
        assertThat(defined).hasSize(12 + 8 + 10);
        assertThat(le(defined, 8, 4)).isEqualTo(18);
        assertThat(le(defined, 16, 4)).isEqualTo(10);
        byte[] undefined = new DataSetBuilder().sequence(SrTags.CONTENT_SEQUENCE, item)
                .encode(DataSetBuilder.SequenceLength.UNDEFINED);
        assertThat(le(undefined, 8, 4)).isEqualTo(0xFFFF_FFFFL);
        assertThat(undefined).hasSize(12 + 8 + 10 + 8 + 8);
        assertThat(le(undefined, undefined.length - 8, 2)).isEqualTo(0xFFFE);
        assertThat(le(undefined, undefined.length - 6, 2)).isEqualTo(0xE0DD);
    }

    @Test
    void fileMetaGroupLengthCountsEveryFileMetaByteAfterIt() {
        byte[] file = new Part10FileWriter().write("1.2.840.10008.5.1.4.1.1.88.33", "2.25.1",
                new DataSetBuilder().text(Tag.MODALITY, Vr.CS, "SR"), DataSetBuilder.SequenceLength.DEFINED);
        int groupLengthValue = 128 + 4 + 8;
        long groupLength = le(file, groupLengthValue, 4);
        int dataSetStart = groupLengthValue + 4 + (int) groupLength;
        assertThat(le(file, dataSetStart, 2)).as("the data set starts right after the group").isEqualTo(0x0008);
        assertThat(le(file, dataSetStart + 2, 2)).isEqualTo(0x0060);
    }

    @Test
    void refusesAValueItsVrCannotHoldNamingTheTagNotTheValue() {
        assertThatThrownBy(() -> new DataSetBuilder().text(Tag.PATIENT_ID, Vr.LO, "X".repeat(65)))
                .hasMessageStartingWith("(0010,0020) LO has 65 characters").hasMessageNotContaining("XXX");
        assertThatThrownBy(() -> new DataSetBuilder().uid(Tag.STUDY_INSTANCE_UID, "1.02"))
                .hasMessageContaining("(0020,000D) UI is not a UID");
    }

    private static long le(byte[] bytes, int offset, int size) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, size).order(ByteOrder.LITTLE_ENDIAN);
        return size == 2 ? buffer.getShort() & 0xFFFF : buffer.getInt() & 0xFFFF_FFFFL;
    }
}
