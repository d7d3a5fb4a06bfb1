package org.octflow.dicom;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses data set elements (PS3.5 7) from a {@link DicomInput} into {@link Attributes}: Explicit or Implicit VR
 * Little Endian, sequences and items of defined and undefined length, undefined-length UN as Implicit VR
 * (PS3.5 6.2.2). At the top level it stops at Pixel Data and hands back its header, so the frames can be read one at
 * a time from where the stream stands; Pixel Data nested in a sequence (an icon) is skipped.
 */
final class DataSetParser {

    static final long UNDEFINED_LENGTH = 0xFFFF_FFFFL;
    /** Deeper nesting than any IOD defines: a corrupt or hostile file, refused before the stack runs out. */
    private static final int MAX_DEPTH = 32;

    /** One element header; vr is null for items and delimiters. */
    record Header(int tag, Vr vr, long length, long offset) {
        boolean undefinedLength() {
            return length == UNDEFINED_LENGTH;
        }
    }

    private final DicomInput in;

    DataSetParser(DicomInput in) {
        this.in = in;
    }

    /** Reads the File Meta group (0002,xxxx), always Explicit VR Little Endian (PS3.10 7.1). */
    void parseFileMeta(Attributes.Builder into) throws DicomException {
        while (!in.atEnd()) {
            int tag = in.readTag("a File Meta element tag");
            in.unreadTag(tag);
            if (Tag.group(tag) != 0x0002) {
                return;
            }
            handle(into, readHeader(true), true, 0);
        }
    }

    /** Reads the data set up to Pixel Data; returns its header, or null when the data set has none. */
    Header parseUntilPixelData(Attributes.Builder into, boolean explicitVr) throws DicomException {
        while (!in.atEnd()) {
            Header header = readHeader(explicitVr);
            if (header.tag() == Tag.PIXEL_DATA) {
                return header;
            }
            if (header.vr() == null) {
                throw new DicomException("unexpected " + Tag.format(header.tag()) + " outside a sequence at "
                        + in.at(header.offset()) + ": the file is corrupt");
            }
            handle(into, header, explicitVr, 0);
        }
        return null;
    }

    Header readHeader(boolean explicitVr) throws DicomException {
        long offset = in.position();
        int tag = in.readTag("an element tag");
        String name = Tag.format(tag);
        if (Tag.group(tag) == 0xFFFE) {
            return new Header(tag, null, in.readU32("the length of " + name), offset);
        }
        if (!explicitVr) {
            return new Header(tag, ImplicitVrDictionary.vrOf(tag), in.readU32("the length of " + name), offset);
        }
        byte[] vrBytes = in.readBytes(2, "the VR of " + name);
        Vr vr = Vr.of(vrBytes[0], vrBytes[1]);
        if (vr == null) {
            throw new DicomException(String.format("element %s at %s has no valid VR (bytes 0x%02X%02X): the file is "
                    + "corrupt or not in the transfer syntax it declares", name, in.at(offset), vrBytes[0],
                    vrBytes[1]));
        }
        if (vr.hasLongLength()) {
            in.skip(2, "the reserved bytes of " + name);
            return new Header(tag, vr, in.readU32("the length of " + name), offset);
        }
        return new Header(tag, vr, in.readU16("the length of " + name), offset);
    }

    private void handle(Attributes.Builder into, Header header, boolean explicitVr, int depth)
            throws DicomException {
        String name = Tag.format(header.tag());
        boolean isPrivate = Tag.isPrivate(header.tag());
        if (header.vr() == Vr.SQ || header.undefinedLength() && header.tag() != Tag.PIXEL_DATA
                && (header.vr() == Vr.UN || !explicitVr)) {
            boolean itemsExplicit = explicitVr && header.vr() != Vr.UN;
            List<Attributes> items = parseSequence(header, itemsExplicit, depth, into);
            if (!isPrivate) {
                into.addSequence(header.tag(), items);
            }
            return;
        }
        if (header.undefinedLength()) {
            if (header.tag() == Tag.PIXEL_DATA) {
                skipFragments(header);
                return;
            }
            throw new DicomException("element " + name + " at " + in.at(header.offset()) + " has an undefined length "
                    + "but VR " + header.vr() + ", which cannot have one: the file is corrupt");
        }
        if (isPrivate || header.length() > Attributes.MAX_KEPT_VALUE || header.tag() == Tag.PIXEL_DATA) {
            in.skip(header.length(), "the value of " + name + " (" + header.length() + " bytes)");
            return;
        }
        into.add(header.tag(), header.vr(), in.readBytes((int) header.length(), "the value of " + name));
    }

    private List<Attributes> parseSequence(Header sequence, boolean explicitVr, int depth, Attributes.Builder parent)
            throws DicomException {
        String name = Tag.format(sequence.tag());
        if (depth >= MAX_DEPTH) {
            throw new DicomException("sequence " + name + " at " + in.at(sequence.offset()) + " is nested deeper than "
                    + MAX_DEPTH + " levels: the file is corrupt");
        }
        long end = sequence.undefinedLength() ? -1 : in.position() + sequence.length();
        List<Attributes> items = new ArrayList<>();
        while (end < 0 || in.position() < end) {
            Header item = readHeader(explicitVr);
            if (item.tag() == Tag.SEQUENCE_DELIMITATION) {
                return items;
            }
            if (item.tag() != Tag.ITEM) {
                throw new DicomException("sequence " + name + " holds " + Tag.format(item.tag()) + " at "
                        + in.at(item.offset()) + " where an item (FFFE,E000) must be: the file is corrupt");
            }
            Attributes.Builder builder = new Attributes.Builder(parent.charset());
            parseItem(builder, item, explicitVr, depth + 1);
            items.add(builder.build());
        }
        if (in.position() > end) {
            throw new DicomException("the items of sequence " + name + " run past its length of " + sequence.length()
                    + " bytes (to " + in.at() + "): the file is corrupt");
        }
        return items;
    }

    private void parseItem(Attributes.Builder into, Header item, boolean explicitVr, int depth)
            throws DicomException {
        long end = item.undefinedLength() ? -1 : in.position() + item.length();
        while (end < 0 || in.position() < end) {
            Header header = readHeader(explicitVr);
            if (header.tag() == Tag.ITEM_DELIMITATION) {
                return;
            }
            if (header.vr() == null) {
                throw new DicomException("an item holds " + Tag.format(header.tag()) + " at "
                        + in.at(header.offset()) + ": the file is corrupt");
            }
            handle(into, header, explicitVr, depth);
        }
        if (in.position() > end) {
            throw new DicomException("an item's elements run past its length of " + item.length() + " bytes (to "
                    + in.at() + "): the file is corrupt");
        }
    }

    private void skipFragments(Header pixelData) throws DicomException {
        while (true) {
            Header item = readHeader(true);
            if (item.tag() == Tag.SEQUENCE_DELIMITATION) {
                return;
            }
            if (item.tag() != Tag.ITEM || item.undefinedLength()) {
                throw new DicomException("encapsulated Pixel Data at " + in.at(pixelData.offset()) + " holds "
                        + Tag.format(item.tag()) + " at " + in.at(item.offset()) + " where a fragment item must be");
            }
            in.skip(item.length(), "a Pixel Data fragment");
        }
    }
}
