package org.octflow.trainer.dl4j;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.octflow.dataset.MedMnistNpz;
import org.octflow.preprocessing.ScanPreprocessor;
import org.octflow.trainer.core.config.AugmentationConfig;
import org.octflow.trainer.core.config.ScheduleConfig;
import org.octflow.trainer.core.config.TrainingConfig;
import org.octflow.trainer.core.metrics.Evaluator;
import org.octflow.trainer.core.calibration.Softmax;
import org.octflow.trainer.core.train.Augmenter;
import org.octflow.trainer.console.ConsoleProgress;
import org.octflow.trainer.core.train.TrainingHistory;
import org.octflow.trainer.data.BatchAssembler;
import org.octflow.trainer.data.NpzSource;
import org.octflow.trainer.data.TrainingData;
import org.octflow.trainer.core.config.ArchitectureConfig;
import org.octflow.trainer.core.config.CalibrationConfig;
import org.octflow.trainer.support.SyntheticOct;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EarlyStoppingTest {
    @TempDir
    Path temp;

    @Test
    void earlyStoppingRestoresTheBestEpochsWeights() throws Exception {
        // Val labels contradict train labels, so val loss rises as the network learns: epoch 1 stays the best.
        TrainingData data = NpzSource.load(SyntheticOct.writeWithContradictoryVal(temp, 160, 60, 9), MedMnistNpz.OCT_CLASSES);
        TrainingConfig config = new TrainingConfig(12, 16, 5e-3, 0, 3, ScheduleConfig.constant(), 2, 1,
                AugmentationConfig.off(), false, CalibrationConfig.off(), 0);
        ScanPreprocessor preprocessor = new ScanPreprocessor(0.25, 0.25);
        BatchAssembler assembler = new BatchAssembler(preprocessor, new Augmenter(config.augmentation()), 3);
        MultiLayerNetwork net = new NetworkFactory().build(ArchitectureConfig.parse("4p,8p", 16, 0, false), 28, 4,
                null, config.learningRate(), 0, 3);

        TrainingHistory history = new Dl4jTrainer(assembler, 4, ConsoleProgress.quiet())
                .train(net, data.train(), data.val(), config);

        assertThat(history.stoppedEarly()).isTrue();
        assertThat(history.epochs()).hasSize(history.bestEpoch() + 2);
        double bestLoss = history.epochs().get(history.bestEpoch() - 1).valLoss();
        double lastLoss = history.epochs().get(history.epochs().size() - 1).valLoss();
        assertThat(lastLoss).isGreaterThan(bestLoss);

        float[][] logits = new Dl4jModel(net, 28).logits(assembler.features(data.val(), BatchAssembler.range(0, data.val().count())));
        double restoredLoss = new Evaluator(data.classes()).evaluate(Softmax.rows(logits), data.val().labels()).logLoss();
        assertThat(restoredLoss).isCloseTo(bestLoss, within(1e-4));
    }
}
