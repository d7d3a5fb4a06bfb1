package org.octflow.dicom;

/** The tags of the SR modules (PS3.3 C.17) and content items (C.17.3) that {@link SrWriter} writes. */
final class SrTags {

    static final int INSTANCE_CREATION_DATE = 0x0008_0012;
    static final int INSTANCE_CREATION_TIME = 0x0008_0013;
    static final int CONTENT_DATE = 0x0008_0023;
    static final int CONTENT_TIME = 0x0008_0033;
    static final int MANUFACTURER = 0x0008_0070;
    static final int CODE_VALUE = 0x0008_0100;
    static final int CODING_SCHEME_DESIGNATOR = 0x0008_0102;
    static final int CODE_MEANING = 0x0008_0104;
    static final int MAPPING_RESOURCE = 0x0008_0105;
    static final int CODING_SCHEME_IDENTIFICATION_SEQUENCE = 0x0008_0110;
    static final int CODING_SCHEME_NAME = 0x0008_0115;
    static final int CODING_SCHEME_RESPONSIBLE_ORGANIZATION = 0x0008_0116;
    static final int TIMEZONE_OFFSET_FROM_UTC = 0x0008_0201;
    static final int SERIES_DESCRIPTION = 0x0008_103E;
    static final int REFERENCED_PERFORMED_PROCEDURE_STEP_SEQUENCE = 0x0008_1111;
    static final int REFERENCED_SERIES_SEQUENCE = 0x0008_1115;
    static final int REFERENCED_SOP_CLASS_UID = 0x0008_1150;
    static final int REFERENCED_SOP_INSTANCE_UID = 0x0008_1155;
    static final int REFERENCED_FRAME_NUMBER = 0x0008_1160;
    static final int REFERENCED_SOP_SEQUENCE = 0x0008_1199;
    static final int MODEL_NAME = 0x0008_1090;
    static final int SOFTWARE_VERSIONS = 0x0018_1020;
    static final int SERIES_NUMBER = 0x0020_0011;
    static final int INSTANCE_NUMBER = 0x0020_0013;
    static final int MEASUREMENT_UNITS_CODE_SEQUENCE = 0x0040_08EA;
    static final int RELATIONSHIP_TYPE = 0x0040_A010;
    static final int VERIFYING_ORGANIZATION = 0x0040_A027;
    static final int VERIFICATION_DATE_TIME = 0x0040_A030;
    static final int VALUE_TYPE = 0x0040_A040;
    static final int CONCEPT_NAME_CODE_SEQUENCE = 0x0040_A043;
    static final int CONTINUITY_OF_CONTENT = 0x0040_A050;
    static final int VERIFYING_OBSERVER_SEQUENCE = 0x0040_A073;
    static final int VERIFYING_OBSERVER_NAME = 0x0040_A075;
    static final int VERIFYING_OBSERVER_IDENTIFICATION_CODE_SEQUENCE = 0x0040_A088;
    static final int UID = 0x0040_A124;
    static final int TEXT_VALUE = 0x0040_A160;
    static final int CONCEPT_CODE_SEQUENCE = 0x0040_A168;
    static final int MEASURED_VALUE_SEQUENCE = 0x0040_A300;
    static final int NUMERIC_VALUE = 0x0040_A30A;
    static final int PERFORMED_PROCEDURE_CODE_SEQUENCE = 0x0040_A372;
    static final int CURRENT_REQUESTED_PROCEDURE_EVIDENCE_SEQUENCE = 0x0040_A375;
    static final int COMPLETION_FLAG = 0x0040_A491;
    static final int VERIFICATION_FLAG = 0x0040_A493;
    static final int PRELIMINARY_FLAG = 0x0040_A496;
    static final int CONTENT_TEMPLATE_SEQUENCE = 0x0040_A504;
    static final int CONTENT_SEQUENCE = 0x0040_A730;
    static final int TEMPLATE_IDENTIFIER = 0x0040_DB00;

    private SrTags() {
    }
}
