package org.octflow.contracts.records;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;

/** The contract's header values are UTF-8 text: how they are written and read, once. */
public final class HeaderValues {
    private HeaderValues() {
    }

    /** The last value of header {@code name} as text, or null when the record has none (or it has no value). */
    public static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
