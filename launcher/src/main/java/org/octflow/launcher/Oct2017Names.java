package org.octflow.launcher;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OCT2017 names each B-scan {@code CLASS-PATIENT-N.jpeg}: the B-scans of one patient are taken as one exam (the data
 * set does not say the eye, so none is given). A name that does not follow the pattern stays outside any exam.
 */
final class Oct2017Names {
    private static final Pattern NAME = Pattern.compile("[A-Za-z]+-(\\d+)-\\d+\\.[A-Za-z]+");

    private Oct2017Names() {
    }

    static List<OutgoingScan> groupIntoExams(List<OutgoingScan> scans) {
        return scans.stream().map(scan -> scan.inExam(examOf(scan.name()))).toList();
    }

    /** The patient id of an OCT2017 file name, "" if the name is not one. */
    static String examOf(String name) {
        Matcher matcher = NAME.matcher(Path.of(name).getFileName().toString());
        return matcher.matches() ? matcher.group(1) : "";
    }
}
