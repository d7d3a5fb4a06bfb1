package org.octflow.dicom;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Reads a DICOM Part 10 stream (PS3.10 7): 128-byte preamble, "DICM", the File Meta group in Explicit VR Little
 * Endian, then the data set in the transfer syntax (0002,0010) names, up to Pixel Data. The frames are then read
 * from the same stream, one at a time, through the returned {@link DicomInstance}.
 */
public final class DicomReader {

    private static final int PREAMBLE = 128;

    /** Reads the header of {@code in}; the caller keeps ownership of the stream and reads frames before closing it. */
    public DicomInstance read(InputStream in) throws DicomException {
        DicomInput file = new DicomInput(in, "byte offset");
        requirePart10Prefix(file);
        DataSetParser metaParser = new DataSetParser(file);
        Attributes.Builder meta = new Attributes.Builder(StandardCharsets.ISO_8859_1);
        metaParser.parseFileMeta(meta);
        Attributes fileMeta = meta.build();
        String syntaxUid = fileMeta.string(Tag.TRANSFER_SYNTAX_UID).orElseThrow(() -> new DicomException(
                "the File Meta group has no Transfer Syntax UID (0002,0010): the file is not valid DICOM Part 10"));
        TransferSyntax syntax = TransferSyntax.of(syntaxUid);

        DicomInput data = syntax.deflated()
                // Deflate without zlib header (PS3.5 A.5); offsets in messages then count inflated bytes.
                ? new DicomInput(new InflaterInputStream(file.remaining(), new Inflater(true)),
                "offset in the inflated data set")
                : file;
        Attributes.Builder dataSet = new Attributes.Builder(StandardCharsets.ISO_8859_1);
        DataSetParser.Header pixelData = new DataSetParser(data).parseUntilPixelData(dataSet, syntax.explicitVr());
        Attributes attributes = dataSet.build();
        if (pixelData == null) {
            return new DicomInstance(fileMeta, attributes, syntax, null, null);
        }
        ImagePixel image = ImagePixel.of(attributes);
        FrameSource frames = syntax.encapsulated()
                ? new EncapsulatedFrames(data, image, pixelData)
                : new NativeFrames(data, image, pixelData);
        return new DicomInstance(fileMeta, attributes, syntax, image, frames);
    }

    private static void requirePart10Prefix(DicomInput file) throws DicomException {
        byte[] prefix;
        try {
            prefix = file.readBytes(PREAMBLE + 4, "the preamble");
        } catch (DicomException tooShort) {
            throw new DicomException("not a DICOM Part 10 file: it is shorter than the 128-byte preamble and "
                    + "\"DICM\" every such file starts with");
        }
        if (prefix[PREAMBLE] != 'D' || prefix[PREAMBLE + 1] != 'I' || prefix[PREAMBLE + 2] != 'C'
                || prefix[PREAMBLE + 3] != 'M') {
            throw new DicomException("not a DICOM Part 10 file: no \"DICM\" at byte offset 128 (a bare data set "
                    + "without preamble and File Meta, as some archives store, is not read: export it as a "
                    + "Part 10 file)");
        }
    }
}
