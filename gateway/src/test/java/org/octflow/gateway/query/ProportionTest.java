package org.octflow.gateway.query;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ProportionTest {

    @Test
    void matchesTheWilsonIntervalOfATextbookCase() {
        // 81 of 263 (Newcombe 1998, table I): 0.2553 to 0.3662.
        Proportion p = Proportion.of(81, 263);
        assertThat(p.share()).isCloseTo(0.3080, within(1e-4));
        assertThat(p.low()).isCloseTo(0.2553, within(1e-4));
        assertThat(p.high()).isCloseTo(0.3662, within(1e-4));
    }

    @Test
    void staysInsideZeroAndOneAtTheEdges() {
        Proportion none = Proportion.of(0, 5);
        Proportion all = Proportion.of(5, 5);
        assertThat(none.low()).isZero();
        assertThat(none.high()).isCloseTo(0.4345, within(1e-4));
        assertThat(all.high()).isEqualTo(1.0);
        assertThat(all.low()).isCloseTo(0.5655, within(1e-4));
    }

    @Test
    void nothingCountedHasNoShare() {
        assertThat(Proportion.of(0, 0).share()).isNull();
    }
}
