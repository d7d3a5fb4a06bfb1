package org.octflow.trainer.dl4j;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class WeightAverageTest {
    @Test
    void theAverageStartsAtTheFirstWeightsAndMovesTowardsLaterOnes() {
        WeightAverage average = new WeightAverage(0.99);
        average.update(Nd4j.createFromArray(0f, 10f));
        assertThat(average.average().toFloatVector()).containsExactly(0f, 10f);

        average.update(Nd4j.createFromArray(1f, 0f));
        // The warm-up decay after one update is min(0.99, 2/11): the new weights count for 9/11.
        double d = 2.0 / 11;
        assertThat(average.average().getDouble(0)).isCloseTo(1 - d, within(1e-6));
        assertThat(average.average().getDouble(1)).isCloseTo(10 * d, within(1e-5));
    }

    @Test
    void theDecayWarmsUpToItsConfiguredValue() {
        assertThat(WeightAverage.decayAt(0.99, 0)).isCloseTo(0.1, within(1e-12));
        assertThat(WeightAverage.decayAt(0.99, 100)).isCloseTo(101.0 / 110, within(1e-12));
        assertThat(WeightAverage.decayAt(0.99, 10_000)).isEqualTo(0.99);
    }

    @Test
    void theAverageDoesNotAliasTheLiveWeights() {
        WeightAverage average = new WeightAverage(0.9);
        var live = Nd4j.createFromArray(1f, 2f);
        average.update(live);
        live.addi(100);
        assertThat(average.average().toFloatVector()).containsExactly(1f, 2f);
    }

    @Test
    void zeroTurnsItOffAndADecayOfOneIsRefused() {
        WeightAverage off = new WeightAverage(0);
        off.update(Nd4j.createFromArray(1f));
        assertThat(off.enabled()).isFalse();
        assertThat(off.average()).isNull();
        assertThatThrownBy(() -> new WeightAverage(1)).hasMessageContaining("[0, 1)");
    }
}
