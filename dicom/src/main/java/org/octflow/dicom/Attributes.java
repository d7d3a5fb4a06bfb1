package org.octflow.dicom;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The attributes of one data set (or one sequence item), read-only, with typed accessors by tag. Values are decoded
 * on access in the data set's character set. Kept: every public attribute up to {@link #MAX_KEPT_VALUE} bytes;
 * not kept: private attributes, larger values and Pixel Data (read as frames, see {@link DicomInstance}).
 * {@link #toString()} hides every value that identifies a person (group 0010, person names, accession and admission
 * numbers).
 */
public final class Attributes {

    /** Larger values (overlays, icons, embedded documents) are skipped: nothing in the product reads them. */
    static final int MAX_KEPT_VALUE = 64 * 1024;

    record Element(int tag, Vr vr, byte[] value, List<Attributes> items) {
    }

    private final SortedMap<Integer, Element> elements;
    private final Charset charset;

    private Attributes(SortedMap<Integer, Element> elements, Charset charset) {
        this.elements = Collections.unmodifiableSortedMap(elements);
        this.charset = charset;
    }

    public boolean contains(int tag) {
        return elements.containsKey(tag);
    }

    /** The first value of a text attribute, without DICOM padding; empty when absent or zero-length. */
    public Optional<String> string(int tag) {
        List<String> values = strings(tag);
        return values.isEmpty() || values.get(0).isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Every value of a (backslash-separated) text attribute. */
    public List<String> strings(int tag) {
        Element element = elements.get(tag);
        if (element == null || element.value().length == 0) {
            return List.of();
        }
        String text = new String(element.value(), charset);
        List<String> values = new ArrayList<>();
        for (String value : element.vr() == Vr.LT || element.vr() == Vr.UT || element.vr() == Vr.ST
                ? new String[] {text} : text.split("\\\\", -1)) {
            values.add(trimPadding(value));
        }
        return values;
    }

    /** An integer attribute: binary (US, SS, UL, SL) or text (IS); empty when absent or unreadable. */
    public OptionalInt integer(int tag) {
        Element element = elements.get(tag);
        if (element == null || element.value().length == 0) {
            return OptionalInt.empty();
        }
        ByteBuffer value = ByteBuffer.wrap(element.value()).order(ByteOrder.LITTLE_ENDIAN);
        return switch (element.vr()) {
            case US -> value.remaining() >= 2 ? OptionalInt.of(value.getShort() & 0xFFFF) : OptionalInt.empty();
            case SS -> value.remaining() >= 2 ? OptionalInt.of(value.getShort()) : OptionalInt.empty();
            case UL, SL -> value.remaining() >= 4 ? OptionalInt.of(value.getInt()) : OptionalInt.empty();
            default -> parseInt(string(tag));
        };
    }

    /** A decimal attribute: text (DS, IS) or binary (FL, FD). */
    public OptionalDouble decimal(int tag) {
        Element element = elements.get(tag);
        if (element == null || element.value().length == 0) {
            return OptionalDouble.empty();
        }
        ByteBuffer value = ByteBuffer.wrap(element.value()).order(ByteOrder.LITTLE_ENDIAN);
        return switch (element.vr()) {
            case FL -> value.remaining() >= 4 ? OptionalDouble.of(value.getFloat()) : OptionalDouble.empty();
            case FD -> value.remaining() >= 8 ? OptionalDouble.of(value.getDouble()) : OptionalDouble.empty();
            default -> parseDouble(string(tag));
        };
    }

    /** The items of a sequence; empty when absent. */
    public List<Attributes> sequence(int tag) {
        Element element = elements.get(tag);
        return element == null ? List.of() : element.items();
    }

    public int size() {
        return elements.size();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Attributes[");
        for (Element element : elements.values()) {
            if (text.length() > "Attributes[".length()) {
                text.append(", ");
            }
            text.append(Tag.format(element.tag())).append(' ').append(element.vr()).append('=');
            if (Tag.identifiesAPerson(element.tag(), element.vr())) {
                text.append("<hidden>");
            } else if (element.vr() == Vr.SQ) {
                text.append(element.items().size()).append(" item(s)");
            } else if (element.vr().isText()) {
                text.append(String.join("\\", strings(element.tag())));
            } else {
                text.append(element.value().length).append(" bytes");
            }
        }
        return text.append(']').toString();
    }

    private static String trimPadding(String value) {
        int end = value.length();
        while (end > 0 && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\0')) {
            end--;
        }
        int start = 0;
        while (start < end && value.charAt(start) == ' ') {
            start++;
        }
        return value.substring(start, end);
    }

    private static OptionalInt parseInt(Optional<String> text) {
        try {
            return text.map(t -> OptionalInt.of(Integer.parseInt(t.strip()))).orElse(OptionalInt.empty());
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private static OptionalDouble parseDouble(Optional<String> text) {
        try {
            return text.map(t -> OptionalDouble.of(Double.parseDouble(t.strip()))).orElse(OptionalDouble.empty());
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    /** Collects elements while a data set is parsed; the character set is known once (0008,0005) is read. */
    static final class Builder {
        private final TreeMap<Integer, Element> elements = new TreeMap<>();
        private Charset charset;

        Builder(Charset inherited) {
            this.charset = inherited;
        }

        void add(int tag, Vr vr, byte[] value) {
            elements.put(tag, new Element(tag, vr, value, List.of()));
            if (tag == Tag.SPECIFIC_CHARACTER_SET) {
                charset = CharacterSets.of(new String(value, StandardCharsets.US_ASCII));
            }
        }

        void addSequence(int tag, List<Attributes> items) {
            elements.put(tag, new Element(tag, Vr.SQ, new byte[0], List.copyOf(items)));
        }

        Charset charset() {
            return charset;
        }

        Attributes build() {
            return new Attributes(new TreeMap<>(elements), charset);
        }
    }
}
