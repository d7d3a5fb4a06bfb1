package org.octflow.gateway.scan;

import org.junit.jupiter.api.Test;
import org.octflow.contracts.v1.Laterality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExamRefTest {

    @Test
    void acceptsAStudyInstanceUidAndTheUsualWaysToNameAnEye() {
        assertThat(ExamRef.parse("1.2.840.113619.2.55.3", "r")).isEqualTo(new ExamRef("1.2.840.113619.2.55.3",
                Laterality.RIGHT));
        assertThat(ExamRef.parse("6294785", "OS").laterality()).isEqualTo(Laterality.LEFT);
        assertThat(ExamRef.parse(" ", null)).isEqualTo(ExamRef.NONE);
    }

    @Test
    void refusesAnIdThatCouldCarryANameOrIsTooLong() {
        assertThatThrownBy(() -> ExamRef.parse("Jane Doe", null)).hasMessageContaining("never a name");
        assertThatThrownBy(() -> ExamRef.parse("9".repeat(65), null)).hasMessageContaining("1 to 64");
    }

    @Test
    void refusesAnUnknownEyeOrAnEyeWithoutAnExam() {
        assertThatThrownBy(() -> ExamRef.parse("e1", "both")).hasMessageContaining("R or L");
        assertThatThrownBy(() -> ExamRef.parse(null, "R")).hasMessageContaining("without an examId");
    }
}
