package org.octflow.trainer.dl4j;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.octflow.dataset.LabeledImages;
import org.octflow.preprocessing.ScanPreprocessor;
import org.octflow.trainer.core.config.ArchitectureConfig;
import org.octflow.trainer.data.BatchAssembler;
import org.octflow.trainer.support.SyntheticOct;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GradientAccumulationTest {

    @Test
    void gradientAccumulationEqualsOneLargeBatch() {
        // No batch norm and no dropout: both make a micro-batch's gradient depend on more than its own examples.
        ArchitectureConfig architecture = ArchitectureConfig.parse("4p,8p", 16, 0, false);
        MultiLayerNetwork accumulated = new NetworkFactory().build(architecture, 28, 4,
                new float[]{1f, 2f, 1f, 0.5f}, 1e-2, 1e-4, 5);
        // Built by the factory, not cloned: a clone would lose the fast layers.
        MultiLayerNetwork large = new NetworkFactory().build(architecture, 28, 4,
                new float[]{1f, 2f, 1f, 0.5f}, 1e-2, 1e-4, 5);

        LabeledImages images = SyntheticOct.images(32, 3);
        BatchAssembler assembler = new BatchAssembler(new ScanPreprocessor(0.3, 0.25), null, 1);
        for (int step = 0; step < 3; step++) {
            List<DataSet> micro = new ArrayList<>();
            for (int m = 0; m < 4; m++) {
                micro.add(batch(assembler, images, BatchAssembler.range(m * 8, m * 8 + 8)));
            }
            Dl4jTrainer.step(accumulated, micro);
            large.fit(batch(assembler, images, BatchAssembler.range(0, 32)));
        }

        double maxDiff = accumulated.params().sub(large.params()).amaxNumber().doubleValue();
        double moved = accumulated.params().sub(new NetworkFactory().build(architecture, 28, 4,
                new float[]{1f, 2f, 1f, 0.5f}, 1e-2, 1e-4, 5).params()).amaxNumber().doubleValue();
        assertThat(moved).as("the updates must have changed the parameters").isGreaterThan(1e-3);
        assertThat(maxDiff).isLessThan(1e-5);
    }

    static DataSet batch(BatchAssembler assembler, LabeledImages images, int[] idx) {
        return new DataSet(Nd4j.create(assembler.features(images, idx), new long[]{idx.length, 1, 28, 28}, 'c'),
                Nd4j.create(BatchAssembler.oneHot(images, idx, 4), new long[]{idx.length, 4}, 'c'));
    }
}
