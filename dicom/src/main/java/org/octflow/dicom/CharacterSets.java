package org.octflow.dicom;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Specific Character Set (0008,0005) to a Java charset, for the sets OCT devices write. Code extensions
 * (ISO 2022 escapes, several values) are read with the first value's charset: names may then show wrong letters,
 * which is acceptable because the product reads UIDs and codes (ASCII) and never displays patient names.
 */
final class CharacterSets {

    private CharacterSets() {
    }

    static Charset of(String specificCharacterSet) {
        String first = specificCharacterSet.split("\\\\", -1)[0].strip();
        if (first.isEmpty() && specificCharacterSet.contains("\\")) {
            first = specificCharacterSet.split("\\\\", -1)[1].strip();
        }
        return switch (first.replace("ISO 2022 ", "ISO_").replace("IR ", "IR_")) {
            case "ISO_IR_192" -> StandardCharsets.UTF_8;
            case "ISO_IR_101", "ISO_IR_109", "ISO_IR_110", "ISO_IR_144", "ISO_IR_127", "ISO_IR_126", "ISO_IR_138",
                 "ISO_IR_148", "ISO_IR_203" -> Charset.forName(isoName(first));
            case "GB18030" -> Charset.forName("GB18030");
            case "GBK" -> Charset.forName("GBK");
            case "ISO_IR_166" -> Charset.forName("TIS-620");
            default -> StandardCharsets.ISO_8859_1; // ISO_IR 100, the default repertoire (ASCII) and anything unknown
        };
    }

    private static String isoName(String term) {
        return switch (term.replaceAll("\\D", "")) {
            case "101" -> "ISO-8859-2";
            case "109" -> "ISO-8859-3";
            case "110" -> "ISO-8859-4";
            case "144" -> "ISO-8859-5";
            case "127" -> "ISO-8859-6";
            case "126" -> "ISO-8859-7";
            case "138" -> "ISO-8859-8";
            case "148" -> "ISO-8859-9";
            default -> "ISO-8859-15";
        };
    }
}
