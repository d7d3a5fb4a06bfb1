package org.octflow.gateway.scan;

import org.octflow.contracts.v1.Laterality;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The exam a B-scan belongs to and the eye it shows, as a client stated them; {@link #NONE} when it stated neither.
 * An exam id is an opaque id such as a DICOM StudyInstanceUID: letters, digits and {@code . _ : -}, at most 64
 * characters, so it cannot carry a name.
 */
public record ExamRef(String examId, Laterality laterality) {
    public static final ExamRef NONE = new ExamRef("", Laterality.LATERALITY_UNSPECIFIED);
    public static final int MAX_EXAM_ID_CHARS = 64;
    private static final Pattern EXAM_ID = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_EXAM_ID_CHARS + "}");

    /** Parses what a client sent; either may be null or blank. */
    public static ExamRef parse(String examId, String laterality) {
        String id = examId == null ? "" : examId.trim();
        if (!id.isEmpty() && !EXAM_ID.matcher(id).matches()) {
            throw new UploadRejectedException(400, "examId must be 1 to " + MAX_EXAM_ID_CHARS + " letters, digits"
                    + " or . _ : - (e.g. a StudyInstanceUID): send an opaque id, never a name");
        }
        Laterality eye = lateralityOf(laterality);
        if (id.isEmpty() && eye != Laterality.LATERALITY_UNSPECIFIED) {
            throw new UploadRejectedException(400, "laterality was sent without an examId: send both, or neither");
        }
        return id.isEmpty() ? NONE : new ExamRef(id, eye);
    }

    /** The eye as the database keeps it: R, L, or null when not known. */
    public static String eye(Laterality laterality) {
        return switch (laterality) {
            case RIGHT -> "R";
            case LEFT -> "L";
            default -> null;
        };
    }

    private static Laterality lateralityOf(String text) {
        if (text == null || text.isBlank()) {
            return Laterality.LATERALITY_UNSPECIFIED;
        }
        return switch (text.trim().toUpperCase(Locale.ROOT)) {
            case "R", "RIGHT", "OD" -> Laterality.RIGHT;
            case "L", "LEFT", "OS" -> Laterality.LEFT;
            default -> throw new UploadRejectedException(400, "laterality must be R or L (also RIGHT/LEFT, OD/OS),"
                    + " or absent when not known");
        };
    }
}
