package org.octflow.gateway.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Says what is wrong with a JSON submission by position and field name only. Jackson's own messages quote the value
 * they choke on, which may be a whole base64 image or a metadata value: they never reach the client or the log.
 */
public final class JsonProblems {
    /**
     * Field names of the submission and review formats; any other name (a metadata key) is the client's and is not
     * repeated.
     */
    private static final Set<String> OUR_FIELDS = Set.of("scans", "image", "contentType", "metadata", "examId",
            "laterality", "label", "note", "reviewer");

    private JsonProblems() {
    }

    public static String describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            // The unknown name itself is not repeated: it may be a misplaced metadata key.
            List<JsonMappingException.Reference> where = unknown.getPath().subList(0, unknown.getPath().size() - 1);
            return (where.isEmpty() ? "the submission" : "'" + path(where) + "'") + " has a field the format does not"
                    + " know (a typo?); its fields are " + (where.isEmpty() ? "scans" : "image, contentType,"
                    + " metadata, examId and laterality");
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = path(mapping.getPath());
            if (mapping instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
                return "'" + field + "' should be " + kind(mismatch.getTargetType());
            }
            return "'" + field + "' cannot be read";
        }
        JsonLocation where = e.getLocation();
        return where == null ? "not valid JSON"
                : "not valid JSON at line " + where.getLineNr() + ", column " + where.getColumnNr();
    }

    private static String path(List<JsonMappingException.Reference> references) {
        return references.stream().map(ref -> {
            if (ref.getIndex() >= 0) {
                return "[" + ref.getIndex() + "]";
            }
            String name = ref.getFieldName();
            return "." + (name != null && OUR_FIELDS.contains(name) ? name : "<key>");
        }).collect(Collectors.joining()).replaceFirst("^\\.", "");
    }

    private static String kind(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "an object whose values are strings";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }
}
