package org.octflow.gateway.dicomweb;

import org.octflow.gateway.scan.UploadRejectedException;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The media type of a STOW-RS request (PS3.18 10.5.1.1): {@code multipart/related; type="application/dicom";
 * boundary=...}, the boundary quoted or not (RFC 2046 5.1.1, RFC 2387). Another media type is refused with 415, a
 * missing or unusable boundary with 400. A missing {@code type} parameter is read as application/dicom, as the only
 * kind this gateway stores; {@code application/dicom+json} (metadata and bulk data) is refused.
 */
public record MultipartRelated(String boundary) {
    public static final String DICOM = "application/dicom";
    /**
     * RFC 2046 says 1 to 70 characters, but Orthanc 1.10 (a real DICOM node forwarding by STOW-RS) sends two UUIDs
     * joined by a dash: 73. Taken up to 200, which still bounds the line the part reader looks for.
     */
    static final int MAX_BOUNDARY = 200;

    public static MultipartRelated parse(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw new UploadRejectedException(415, "no Content-Type: send multipart/related;"
                    + " type=\"application/dicom\"; boundary=... with one DICOM Part 10 file per part");
        }
        String[] parts = splitParameters(contentType);
        if (!parts[0].trim().toLowerCase(Locale.ROOT).equals("multipart/related")) {
            throw new UploadRejectedException(415, "STOW-RS takes multipart/related; type=\"application/dicom\"; the"
                    + " body is declared as another media type");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int equals = parts[i].indexOf('=');
            if (equals > 0) {
                parameters.put(parts[i].substring(0, equals).trim().toLowerCase(Locale.ROOT),
                        unquote(parts[i].substring(equals + 1).trim()));
            }
        }
        String type = parameters.getOrDefault("type", DICOM).trim().toLowerCase(Locale.ROOT);
        if (!type.equals(DICOM)) {
            throw new UploadRejectedException(415, "this gateway stores DICOM Part 10 files only: send multipart/related;"
                    + " type=\"application/dicom\" (metadata with bulk data, application/dicom+json or +xml, is not"
                    + " taken)");
        }
        String boundary = parameters.get("boundary");
        if (boundary == null || boundary.isEmpty() || boundary.length() > MAX_BOUNDARY) {
            throw new UploadRejectedException(400, "the Content-Type has " + (boundary == null || boundary.isEmpty()
                    ? "no boundary" : "a boundary of " + boundary.length() + " characters") + ": a multipart body"
                    + " needs a boundary of 1 to " + MAX_BOUNDARY + " characters");
        }
        return new MultipartRelated(boundary);
    }

    /** Splits at semicolons outside quoted strings. */
    private static String[] splitParameters(String value) {
        java.util.List<String> out = new java.util.ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && quoted && i + 1 < value.length()) {
                current.append(c).append(value.charAt(++i));
                continue;
            }
            if (c == ';' && !quoted) {
                out.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        out.add(current.toString());
        return out.toArray(String[]::new);
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            StringBuilder out = new StringBuilder();
            for (int i = 1; i < value.length() - 1; i++) {
                char c = value.charAt(i);
                if (c == '\\' && i + 1 < value.length() - 1) {
                    c = value.charAt(++i);
                }
                out.append(c);
            }
            return out.toString();
        }
        return value;
    }
}
