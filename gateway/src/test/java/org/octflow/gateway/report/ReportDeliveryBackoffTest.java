package org.octflow.gateway.report;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ReportDeliveryBackoffTest {

    @Test
    void aFailedSendWaitsTheIntervalThenTwiceAsLongEachTimeUpToTheMaximum() {
        Duration interval = Duration.ofSeconds(2);
        Duration max = Duration.ofMinutes(10);
        assertThat(ReportDelivery.backoff(interval, max, 1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(ReportDelivery.backoff(interval, max, 2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(ReportDelivery.backoff(interval, max, 5)).isEqualTo(Duration.ofSeconds(32));
        assertThat(ReportDelivery.backoff(interval, max, 9)).isEqualTo(Duration.ofSeconds(512));
        assertThat(ReportDelivery.backoff(interval, max, 10)).isEqualTo(max);
        assertThat(ReportDelivery.backoff(interval, max, 1_000)).isEqualTo(max);
    }
}
