package org.octflow.gateway.dicomweb;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a multipart body (RFC 2046 5.1) one part at a time from a stream: each part's body is itself a stream that
 * ends at the next delimiter, so a part of any size passes through a 64 KiB buffer and is never held whole. Counts
 * the bytes it reads and stops past {@code maxBytes}. Not thread-safe; one reader per request.
 */
final class MultipartRelatedReader {
    private static final int BUFFER = 64 * 1024;
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    /** The body ended before the closing delimiter, or a part's headers are not headers. */
    static final class MalformedBody extends IOException {
        MalformedBody(String message) {
            super(message);
        }
    }

    /** More than {@code maxBytes} arrived. */
    static final class BodyTooLarge extends IOException {
        BodyTooLarge(long limit) {
            super("the body is over " + limit + " bytes");
        }
    }

    /** One part: its headers (names in lower case) and its body, valid until the next call to {@link #next()}. */
    record Part(int number, Map<String, String> headers, InputStream body) {
        String contentType() {
            return headers.getOrDefault("content-type", "");
        }
    }

    private final InputStream in;
    private final byte[] delimiter;
    private final long maxBytes;
    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private int lim;
    private boolean eof;
    private long read;
    private boolean closed;
    private int parts;
    private PartBody current;

    MultipartRelatedReader(InputStream in, String boundary, long maxBytes) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.maxBytes = maxBytes;
        // The first delimiter may open the body without a line break before it: read as if one were there.
        buf[0] = '\r';
        buf[1] = '\n';
        lim = 2;
        current = new PartBody(); // the preamble, skipped like a part
    }

    long bytesRead() {
        return read;
    }

    /** The next part, or empty after the closing delimiter. The previous part's unread rest is skipped. */
    Optional<Part> next() throws IOException {
        if (closed) {
            return Optional.empty();
        }
        current.skipRest();
        fill(2);
        if (lim - pos >= 2 && buf[pos] == '-' && buf[pos + 1] == '-') {
            closed = true; // the epilogue is ignored, as RFC 2046 says
            return Optional.empty();
        }
        if (eof && lim - pos < 2) {
            throw new MalformedBody("the body ended after a boundary without the closing \"--\": it was cut short");
        }
        Map<String, String> headers = readHeaders();
        current = new PartBody();
        return Optional.of(new Part(++parts, headers, current));
    }

    private Map<String, String> readHeaders() throws IOException {
        // Transport padding after the boundary, then the line break that ends the delimiter line.
        String first = readLine();
        if (!first.isBlank()) {
            throw new MalformedBody("a boundary line carries other characters after the boundary");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        int total = 0;
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            total += line.length();
            if (total > MAX_HEADER_BYTES) {
                throw new MalformedBody("part " + (parts + 1) + " has over " + MAX_HEADER_BYTES + " bytes of headers");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new MalformedBody("part " + (parts + 1) + " has a header line without a name and a colon");
            }
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        return headers;
    }

    /** A line up to CRLF (or a bare LF), without it. */
    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            if (pos == lim) {
                fill(1);
                if (pos == lim) {
                    throw new MalformedBody("the body ended inside the headers of part " + (parts + 1));
                }
            }
            byte b = buf[pos++];
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) (b & 0xFF));
            if (line.length() > MAX_HEADER_BYTES) {
                throw new MalformedBody("part " + (parts + 1) + " has a header line over " + MAX_HEADER_BYTES
                        + " bytes");
            }
        }
    }

    /** Makes at least {@code need} bytes available from {@code pos}, unless the stream ends first. */
    private void fill(int need) throws IOException {
        if (lim - pos >= need || eof) {
            return;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        while (lim < need && !eof) {
            int n = in.read(buf, lim, buf.length - lim);
            if (n < 0) {
                eof = true;
            } else {
                lim += n;
                read += n;
                if (read > maxBytes) {
                    throw new BodyTooLarge(maxBytes);
                }
            }
        }
    }

    private int indexOfDelimiter() {
        int last = lim - delimiter.length;
        outer:
        for (int i = pos; i <= last; i++) {
            if (buf[i] != delimiter[0]) {
                continue;
            }
            for (int j = 1; j < delimiter.length; j++) {
                if (buf[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A part's body: ends where the next delimiter starts; the delimiter is consumed when it is reached. */
    private final class PartBody extends InputStream {
        private boolean done;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            fill(delimiter.length);
            int at = indexOfDelimiter();
            if (at == pos) {
                pos += delimiter.length;
                done = true;
                return -1;
            }
            int safe;
            if (at >= 0) {
                safe = at - pos;
            } else if (eof) {
                throw new MalformedBody(parts == 0 ? "the body holds no boundary line: check the boundary parameter"
                        : "the body ended inside part " + parts + " before its closing boundary: it was cut short");
            } else {
                safe = lim - pos - (delimiter.length - 1);
            }
            int n = Math.min(len, safe);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }

        void skipRest() throws IOException {
            byte[] sink = new byte[8192];
            while (read(sink, 0, sink.length) >= 0) {
                // discarded
            }
        }
    }
}
