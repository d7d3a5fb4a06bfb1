package org.octflow.trainer.pipeline;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.octflow.dataset.LabeledImages;
import org.octflow.preprocessing.ScanPreprocessor;
import org.octflow.trainer.core.config.ArchitectureConfig;
import org.octflow.trainer.core.config.TrainingConfig;
import org.octflow.trainer.core.metrics.EvaluationReport;
import org.octflow.trainer.core.metrics.Evaluator;
import org.octflow.trainer.core.calibration.CalibrationChoice;
import org.octflow.trainer.core.calibration.DeploymentPrior;
import org.octflow.trainer.core.calibration.EceNoiseFloor;
import org.octflow.trainer.core.calibration.CalibrationMethod;
import org.octflow.trainer.core.calibration.Softmax;
import org.octflow.trainer.core.train.Augmenter;
import org.octflow.trainer.core.train.ClassWeights;
import org.octflow.trainer.console.ConsoleProgress;
import org.octflow.trainer.core.train.TrainingHistory;
import org.octflow.trainer.data.BatchAssembler;
import org.octflow.trainer.data.Normalization;
import org.octflow.trainer.data.TrainingData;
import org.octflow.trainer.dl4j.Dl4jModel;
import org.octflow.trainer.dl4j.Dl4jTrainer;
import org.octflow.trainer.dl4j.NetworkFactory;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/** Train -> choose and fit the calibration on val -> evaluate val and test, before and after calibration. */
public final class ModelTraining {
    private final NetworkFactory networks;
    private final ConsoleProgress progress;

    public ModelTraining(NetworkFactory networks, ConsoleProgress progress) {
        this.networks = networks;
        this.progress = progress;
    }

    public TrainedModel run(TrainingData data, ArchitectureConfig architecture, TrainingConfig config) {
        Nd4j.getRandom().setSeed(config.seed());
        Normalization normalization = Normalization.of(data.train());
        ScanPreprocessor preprocessor = new ScanPreprocessor(normalization.mean(), normalization.std());
        BatchAssembler assembler = new BatchAssembler(preprocessor, new Augmenter(config.augmentation()), config.seed());
        int classCount = data.classes().size();
        float[] weights = config.classWeights()
                ? ClassWeights.inverseFrequency(data.train().classCounts(classCount)) : null;
        MultiLayerNetwork net = networks.build(architecture, data.train().side(), classCount, weights,
                config.learningRate(), config.weightDecay(), config.seed());
        TrainingHistory history = new Dl4jTrainer(assembler, classCount, progress)
                .train(net, data.train(), data.val(), config);

        Dl4jModel model = new Dl4jModel(net, data.train().side());
        float[][] valLogits = model.logits(features(assembler, data.val()));
        float[][] testLogits = model.logits(features(assembler, data.test()));
        List<CalibrationMethod> methods = config.calibration().enabled()
                ? List.of(CalibrationMethod.values()) : List.of(CalibrationMethod.NONE);
        CalibrationChoice calibration = CalibrationChoice.choose(valLogits, data.val().labels(), methods,
                config.calibration().prior(), config.seed());
        Evaluator evaluator = new Evaluator(data.classes());
        float[][] valCalibrated = calibration.calibration().probabilities(valLogits);
        float[][] testCalibrated = calibration.calibration().probabilities(testLogits);
        // Val is scored under the deployment prior (its images importance-weighted to it); test as it is.
        double[] valWeights = calibration.prior().sampleWeights(data.val().labels(), classCount);
        EvaluationReport valBefore = evaluator.evaluate(Softmax.rows(valLogits), data.val().labels(), valWeights);
        EvaluationReport testBefore = evaluator.evaluate(Softmax.rows(testLogits), data.test().labels());
        EceNoiseFloor valFloor = EceNoiseFloor.of(valCalibrated, calibration.prior(),
                CalibrationChoice.frequencies(data.val().labels(), classCount), EceNoiseFloor.DRAWS, config.seed());
        EceNoiseFloor testFloor = EceNoiseFloor.of(testCalibrated, DeploymentPrior.TRAINING,
                CalibrationChoice.frequencies(data.test().labels(), classCount), EceNoiseFloor.DRAWS, config.seed());
        return new TrainedModel(model, normalization, calibration, history,
                valBefore, evaluator.evaluate(valCalibrated, data.val().labels(), valWeights),
                testBefore, evaluator.evaluate(testCalibrated, data.test().labels()),
                testLogits, data.test().labels(), valLogits, data.val().labels(), valFloor, testFloor);
    }

    static float[] features(BatchAssembler assembler, LabeledImages images) {
        return assembler.features(images, BatchAssembler.range(0, images.count()));
    }
}
