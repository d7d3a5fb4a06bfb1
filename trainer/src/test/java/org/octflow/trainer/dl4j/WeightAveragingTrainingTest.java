package org.octflow.trainer.dl4j;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.octflow.preprocessing.ScanPreprocessor;
import org.octflow.trainer.core.config.ArchitectureConfig;
import org.octflow.trainer.core.config.AugmentationConfig;
import org.octflow.trainer.core.config.CalibrationConfig;
import org.octflow.trainer.core.config.ScheduleConfig;
import org.octflow.trainer.core.config.TrainingConfig;
import org.octflow.trainer.core.metrics.Evaluator;
import org.octflow.trainer.core.calibration.Softmax;
import org.octflow.trainer.core.train.Augmenter;
import org.octflow.trainer.console.ConsoleProgress;
import org.octflow.trainer.core.train.TrainingHistory;
import org.octflow.trainer.data.BatchAssembler;
import org.octflow.trainer.data.TrainingData;
import org.octflow.trainer.support.SyntheticOct;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WeightAveragingTrainingTest {
    @TempDir
    Path temp;

    private record Run(MultiLayerNetwork net, TrainingHistory history, BatchAssembler assembler) {
    }

    private Run train(TrainingData data, double decay) {
        TrainingConfig config = new TrainingConfig(3, 16, 5e-3, 0, 5, ScheduleConfig.constant(), 0, 1,
                AugmentationConfig.off(), false, CalibrationConfig.off(), decay);
        BatchAssembler assembler = new BatchAssembler(new ScanPreprocessor(0.25, 0.25),
                new Augmenter(config.augmentation()), 5);
        MultiLayerNetwork net = new NetworkFactory().build(ArchitectureConfig.parse("4p,8p", 16, 0, false), 28, 4,
                null, config.learningRate(), 0, 5);
        TrainingHistory history = new Dl4jTrainer(assembler, 4, ConsoleProgress.quiet())
                .train(net, data.train(), data.val(), config);
        return new Run(net, history, assembler);
    }

    @Test
    void trainingWithWeightAveragingReturnsAndValidatesTheAveragedWeights() throws Exception {
        TrainingData data = SyntheticOct.load(temp, 96, 40, 8, 5);

        Run plain = train(data, 0);
        Run averaged = train(data, 0.9);

        // Averaging only observes the updates: the weights differ, the val figures are the averaged weights' own.
        assertThat(averaged.net().params().equalsWithEps(plain.net().params(), 1e-6)).isFalse();
        float[][] logits = new Dl4jModel(averaged.net(), 28).logits(
                averaged.assembler().features(data.val(), BatchAssembler.range(0, data.val().count())));
        double valLoss = new Evaluator(data.classes()).evaluate(Softmax.rows(logits), data.val().labels()).logLoss();
        var last = averaged.history().epochs().get(averaged.history().epochs().size() - 1);
        assertThat(valLoss).isCloseTo(last.valLoss(), within(1e-5));
        for (int e = 0; e < plain.history().epochs().size(); e++) {
            assertThat(averaged.history().epochs().get(e).trainLoss())
                    .isCloseTo(plain.history().epochs().get(e).trainLoss(), within(1e-5));
        }
    }
}
