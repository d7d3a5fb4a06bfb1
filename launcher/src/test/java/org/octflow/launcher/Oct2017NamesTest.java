package org.octflow.launcher;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class Oct2017NamesTest {

    @Test
    void thePatientIdInAnOct2017NameIsTheExam() {
        assertThat(Oct2017Names.examOf("CNV/CNV-6294785-1.jpeg")).isEqualTo("6294785");
        assertThat(Oct2017Names.examOf("NORMAL-5246808-12.jpeg")).isEqualTo("5246808");
    }

    @Test
    void anyOtherNameIsInNoExam() {
        assertThat(Oct2017Names.examOf("scan.png")).isEmpty();
        assertThat(Oct2017Names.examOf("test[3]")).isEmpty();
    }
}
