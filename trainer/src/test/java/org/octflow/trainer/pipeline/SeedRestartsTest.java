package org.octflow.trainer.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.octflow.trainer.console.ConsoleProgress;
import org.octflow.trainer.data.TrainingData;
import org.octflow.trainer.dl4j.NetworkFactory;
import org.octflow.trainer.support.SyntheticOct;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SeedRestartsTest {
    @TempDir
    Path temp;

    @Test
    void keepsTheRestartWithTheBestValAucAndListsEveryRestart() throws Exception {
        TrainingData data = SyntheticOct.load(temp, 96, 48, 16, 21);
        SeedRestarts restarts = new SeedRestarts(new ModelTraining(new NetworkFactory(),
                ConsoleProgress.quiet()), TrainExportTest.QUIET);

        SeedRestarts.Outcome outcome = restarts.run(data, TrainExportTest.ARCHITECTURE,
                TrainExportTest.quick().withEpochs(2), 3);

        assertThat(outcome.restarts()).extracting(SeedRestarts.Restart::seed).containsExactly(11L, 12L, 13L);
        double bestVal = outcome.restarts().stream().mapToDouble(SeedRestarts.Restart::valMacroAuc).max().orElseThrow();
        assertThat(outcome.best().val().macroAuc()).isEqualTo(bestVal);
        assertThat(outcome.restarts()).filteredOn(r -> r.seed() == outcome.bestSeed())
                .singleElement().extracting(SeedRestarts.Restart::valMacroAuc).isEqualTo(bestVal);
    }
}
