package org.octflow.trainer.pipeline;

import org.junit.jupiter.api.Test;
import org.octflow.dataset.MedMnistNpz;
import org.octflow.trainer.core.config.ArchitectureConfig;
import org.octflow.trainer.core.config.AugmentationConfig;
import org.octflow.trainer.core.config.CalibrationConfig;
import org.octflow.trainer.core.config.ScheduleConfig;
import org.octflow.trainer.core.config.TrainingConfig;
import org.octflow.trainer.console.ConsoleProgress;
import org.octflow.trainer.data.NpzSource;
import org.octflow.trainer.data.TrainingData;
import org.octflow.trainer.dl4j.NetworkFactory;
import org.octflow.trainer.support.SharedData;

import static org.assertj.core.api.Assertions.assertThat;

/** A short run on the real 1,387-image subset must already rank classes far better than chance. */
class RealSubsetSmokeTest {

    @Test
    void aShortRunOnTheRealSubsetIsFarAboveChance() throws Exception {
        TrainingData data = NpzSource.load(SharedData.require("octmnist_partial.npz"), MedMnistNpz.OCT_CLASSES);
        TrainingConfig config = new TrainingConfig(4, 64, 3e-3, 1e-4, 42, ScheduleConfig.constant(), 0, 1,
                AugmentationConfig.off(), true, CalibrationConfig.standard(), 0);
        TrainedModel trained = new ModelTraining(new NetworkFactory(), ConsoleProgress.quiet())
                .run(data, ArchitectureConfig.parse("16p,32p,64p", 64, 0.2, true), config);
        System.out.printf("real subset, 4 epochs: val acc %.3f AUC %.3f, test acc %.3f AUC %.3f%n",
                trained.val().accuracy(), trained.val().macroAuc(), trained.test().accuracy(), trained.test().macroAuc());
        // Chance is an AUC of 0.5; the val majority class (NORMAL) alone would give accuracy 0.47.
        assertThat(trained.val().macroAuc()).isGreaterThan(0.75);
        assertThat(trained.test().macroAuc()).isGreaterThan(0.75);
    }
}
