package org.octflow.dicom;

import java.math.BigDecimal;
import java.util.List;

/**
 * Builds SR content items (PS3.3 C.17.3): each an item with its Relationship Type, Value Type, Concept Name and
 * value, children in Content Sequence. Only the value types the exam report uses.
 */
final class SrContent {

    static final String CONTAINS = "CONTAINS";
    static final String HAS_CONCEPT_MOD = "HAS CONCEPT MOD";
    static final String HAS_OBS_CONTEXT = "HAS OBS CONTEXT";
    static final String INFERRED_FROM = "INFERRED FROM";

    private SrContent() {
    }

    static DataSetBuilder code(CodedConcept concept) {
        return new DataSetBuilder()
                .text(SrTags.CODE_VALUE, Vr.SH, concept.value())
                .text(SrTags.CODING_SCHEME_DESIGNATOR, Vr.SH, concept.scheme())
                .text(SrTags.CODE_MEANING, Vr.LO, concept.meaning());
    }

    /** A CONTAINER's own attributes (value type, name, continuity, children), for the root and nested ones. */
    static DataSetBuilder containerBody(DataSetBuilder into, CodedConcept name, List<DataSetBuilder> children) {
        into.text(SrTags.VALUE_TYPE, Vr.CS, "CONTAINER")
                .sequence(SrTags.CONCEPT_NAME_CODE_SEQUENCE, code(name))
                .text(SrTags.CONTINUITY_OF_CONTENT, Vr.CS, "SEPARATE");
        if (!children.isEmpty()) {
            into.sequence(SrTags.CONTENT_SEQUENCE, children);
        }
        return into;
    }

    static DataSetBuilder container(String relationship, CodedConcept name, List<DataSetBuilder> children) {
        return containerBody(item(relationship), name, children);
    }

    static DataSetBuilder codeItem(String relationship, CodedConcept name, CodedConcept value,
                                   DataSetBuilder... children) {
        return withChildren(named(relationship, "CODE", name).sequence(SrTags.CONCEPT_CODE_SEQUENCE, code(value)),
                children);
    }

    static DataSetBuilder textItem(String relationship, CodedConcept name, String value) {
        return named(relationship, "TEXT", name).text(SrTags.TEXT_VALUE, Vr.UT, value);
    }

    static DataSetBuilder uidItem(String relationship, CodedConcept name, String uid) {
        return named(relationship, "UIDREF", name).uid(SrTags.UID, uid);
    }

    static DataSetBuilder numItem(String relationship, CodedConcept name, double value, CodedConcept units,
                                  DataSetBuilder... children) {
        String number = BigDecimal.valueOf(value).setScale(6, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros()
                .toPlainString();
        DataSetBuilder measured = new DataSetBuilder()
                .sequence(SrTags.MEASUREMENT_UNITS_CODE_SEQUENCE, code(units))
                .text(SrTags.NUMERIC_VALUE, Vr.DS, number);
        return withChildren(named(relationship, "NUM", name).sequence(SrTags.MEASURED_VALUE_SEQUENCE, measured),
                children);
    }

    /** An IMAGE reference; {@code frame} 0 references the whole object. {@code name} may be null (none). */
    static DataSetBuilder imageItem(String relationship, CodedConcept name, String sopClassUid, String sopInstanceUid,
                                    int frame) {
        DataSetBuilder reference = new DataSetBuilder()
                .uid(SrTags.REFERENCED_SOP_CLASS_UID, sopClassUid)
                .uid(SrTags.REFERENCED_SOP_INSTANCE_UID, sopInstanceUid);
        if (frame > 0) {
            reference.text(SrTags.REFERENCED_FRAME_NUMBER, Vr.IS, Integer.toString(frame));
        }
        DataSetBuilder item = item(relationship).text(SrTags.VALUE_TYPE, Vr.CS, "IMAGE");
        if (name != null) {
            item.sequence(SrTags.CONCEPT_NAME_CODE_SEQUENCE, code(name));
        }
        return item.sequence(SrTags.REFERENCED_SOP_SEQUENCE, reference);
    }

    private static DataSetBuilder item(String relationship) {
        return new DataSetBuilder().text(SrTags.RELATIONSHIP_TYPE, Vr.CS, relationship);
    }

    private static DataSetBuilder named(String relationship, String valueType, CodedConcept name) {
        return item(relationship).text(SrTags.VALUE_TYPE, Vr.CS, valueType)
                .sequence(SrTags.CONCEPT_NAME_CODE_SEQUENCE, code(name));
    }

    private static DataSetBuilder withChildren(DataSetBuilder item, DataSetBuilder... children) {
        return children.length == 0 ? item : item.sequence(SrTags.CONTENT_SEQUENCE, List.of(children));
    }
}
