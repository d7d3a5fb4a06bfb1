package org.octflow.gateway.prediction;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A batch id a foreign record's writer chose cannot forge log lines or flood one. */
class PrintableTest {

    @Test
    void controlCharactersCannotStartANewLogLine() {
        assertThat(PredictionStore.printable("b1\nWARN forged line\r")).isEqualTo("b1?WARN forged line?");
    }

    @Test
    void aLongIdIsCutShort() {
        assertThat(PredictionStore.printable("x".repeat(5000))).hasSize(81).endsWith("…");
    }

    @Test
    void anOrdinaryIdIsKeptAsItIs() {
        assertThat(PredictionStore.printable("device-17-batch-42")).isEqualTo("device-17-batch-42");
    }
}
