package org.octflow.dicom;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a text value may hold in the VRs this module writes (PS3.5 6.2): length, character repertoire and format.
 * A problem is worded without the value, so the caller can name the field and still never echo patient data.
 */
final class ValueRules {

    private static final Pattern UID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");
    private static final Pattern CS = Pattern.compile("[A-Z0-9 _]*");
    private static final Pattern DA = Pattern.compile("\\d{8}");
    private static final Pattern TM = Pattern.compile("\\d{2}(\\d{2}(\\d{2}(\\.\\d{1,6})?)?)?");
    private static final Pattern DT = Pattern.compile("\\d{4}(\\d{2}(\\d{2}(\\d{2}(\\d{2}(\\d{2}(\\.\\d{1,6})?)?)?)?)?)?"
            + "([+-]\\d{4})?");
    private static final Pattern DS = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern IS = Pattern.compile("[+-]?\\d+");

    private ValueRules() {
    }

    /** Why {@code value} is not a valid single value of {@code vr}; empty when it is (an empty value always is). */
    static Optional<String> problem(Vr vr, String value) {
        if (value.isEmpty()) {
            return Optional.empty();
        }
        int max = maxCharacters(vr);
        if (value.length() > max) {
            return Optional.of("has " + value.length() + " characters; " + vr + " allows at most " + max);
        }
        boolean text = vr == Vr.LT || vr == Vr.ST || vr == Vr.UT;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && !text) {
                return Optional.of("contains a backslash, which separates values in " + vr);
            }
            if (Character.isISOControl(c) && !(text && (c == '\r' || c == '\n' || c == '\t' || c == '\f'))) {
                return Optional.of("contains a control character, which " + vr + " does not allow");
            }
        }
        return switch (vr) {
            case UI -> UID.matcher(value).matches() ? Optional.empty()
                    : Optional.of("is not a UID (digits and dots, no leading zeros in a component)");
            case CS -> CS.matcher(value).matches() ? Optional.empty()
                    : Optional.of("is not a code string (upper case letters, digits, space, underscore)");
            case DA -> DA.matcher(value).matches() ? Optional.empty() : Optional.of("is not a date YYYYMMDD");
            case TM -> TM.matcher(value).matches() ? Optional.empty() : Optional.of("is not a time HHMMSS.FFFFFF");
            case DT -> DT.matcher(value).matches() ? Optional.empty()
                    : Optional.of("is not a date-time YYYYMMDDHHMMSS.FFFFFF&ZZXX");
            case DS -> DS.matcher(value.strip()).matches() ? Optional.empty() : Optional.of("is not a decimal");
            case IS -> IS.matcher(value.strip()).matches() ? Optional.empty() : Optional.of("is not an integer");
            case PN -> value.split("=", -1).length > 3 ? Optional.of("has more than 3 component groups")
                    : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** Throws naming {@code field} when it is null: for the parts of a report that are not text. */
    static <T> T given(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is missing (null)");
        }
        return value;
    }

    /** Throws naming {@code field} (never the value) when {@code value} does not fit {@code vr}. */
    static String require(String field, Vr vr, String value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is missing (null); pass \"\" when it is unknown");
        }
        problem(vr, value).ifPresent(problem -> {
            throw new IllegalArgumentException(field + " " + problem);
        });
        return value;
    }

    /** Like {@link #require} but an empty value is refused too: for attributes of Type 1. */
    static String requirePresent(String field, Vr vr, String value) {
        require(field, vr, value);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " is empty; it is required");
        }
        return value;
    }

    private static int maxCharacters(Vr vr) {
        return switch (vr) {
            case AE, CS, DS, SH -> 16;
            case AS -> 4;
            case DA -> 8;
            case DT -> 26;
            case IS -> 12;
            case TM -> 14;
            case LO, UI -> 64;
            case PN -> 3 * 64 + 2;
            case ST -> 1024;
            case LT -> 10240;
            default -> Integer.MAX_VALUE - 1;
        };
    }
}
