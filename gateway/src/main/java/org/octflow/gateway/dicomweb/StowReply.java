package org.octflow.gateway.dicomweb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Store Instances Response (PS3.18 10.5.3, Annex I) in the DICOM JSON model (PS3.18 F.2): Referenced SOP
 * Sequence (0008,1199) for the instances stored, Failed SOP Sequence (0008,1198) with a Failure Reason for the others,
 * and the HTTP status: 200 all stored, 202 some, 409 none. Holds UIDs and codes only, never a patient attribute.
 */
final class StowReply {
    static final String MEDIA_TYPE = "application/dicom+json";

    /** One refused part, by position, with what could be read of it and why (for the log and a Warning header). */
    record Failure(int part, String sopClassUid, String sopInstanceUid, FailureReason reason, String why) {
    }

    /** One stored instance and how many B-scans (frames) it gave; {@code again}: already stored, not stored twice. */
    record Stored(String sopClassUid, String sopInstanceUid, int frames, boolean again) {
    }

    private final List<Stored> stored = new ArrayList<>();
    private final List<Failure> failed = new ArrayList<>();

    void stored(Stored instance) {
        stored.add(instance);
    }

    void failed(Failure failure) {
        failed.add(failure);
    }

    List<Stored> stored() {
        return stored;
    }

    List<Failure> failures() {
        return failed;
    }

    boolean isEmpty() {
        return stored.isEmpty() && failed.isEmpty();
    }

    int status() {
        if (failed.isEmpty()) {
            return 200;
        }
        return stored.isEmpty() ? 409 : 202;
    }

    Map<String, Object> json() {
        Map<String, Object> body = new LinkedHashMap<>();
        List<Map<String, Object>> referenced = new ArrayList<>();
        for (Stored s : stored) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("00081150", element("UI", s.sopClassUid()));
            item.put("00081155", element("UI", s.sopInstanceUid()));
            referenced.add(item);
        }
        List<Map<String, Object>> failures = new ArrayList<>();
        for (Failure f : failed) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("00081150", element("UI", f.sopClassUid()));
            item.put("00081155", element("UI", f.sopInstanceUid()));
            item.put("00081197", element("US", f.reason().code()));
            failures.add(item);
        }
        body.put("00081198", sequence(failures));
        body.put("00081199", sequence(referenced));
        return body;
    }

    /** An element with one value, or with none when it is not known (a part that was no DICOM). */
    private static Map<String, Object> element(String vr, Object value) {
        Map<String, Object> element = new LinkedHashMap<>();
        element.put("vr", vr);
        if (value != null && !"".equals(value)) {
            element.put("Value", List.of(value));
        }
        return element;
    }

    private static Map<String, Object> sequence(List<Map<String, Object>> items) {
        Map<String, Object> element = new LinkedHashMap<>();
        element.put("vr", "SQ");
        if (!items.isEmpty()) {
            element.put("Value", items);
        }
        return element;
    }
}
