package org.octflow.trainer.dl4j;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.octflow.dataset.LabeledImages;
import org.octflow.trainer.core.config.TrainingConfig;
import org.octflow.trainer.core.metrics.Evaluator;
import org.octflow.trainer.core.calibration.Softmax;
import org.octflow.trainer.core.train.EarlyStopping;
import org.octflow.trainer.core.train.EpochRecord;
import org.octflow.trainer.core.train.LearningRateSchedule;
import me.tongfei.progressbar.ProgressBar;
import org.octflow.trainer.console.ConsoleProgress;
import org.octflow.trainer.core.train.TrainingHistory;
import org.octflow.trainer.data.BatchAssembler;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The epoch loop: shuffle, (augmented) mini-batches, optional gradient accumulation, learning-rate schedule, val loss
 * after each epoch, early stopping that restores the best epoch's weights. With weight averaging on, val figures, early
 * stopping and the returned network all use the averaged weights.
 */
public final class Dl4jTrainer {
    private final BatchAssembler assembler;
    private final int classCount;
    private final ConsoleProgress progress;

    public Dl4jTrainer(BatchAssembler assembler, int classCount, ConsoleProgress progress) {
        this.assembler = assembler;
        this.classCount = classCount;
        this.progress = progress;
    }

    public TrainingHistory train(MultiLayerNetwork net, LabeledImages train, LabeledImages val, TrainingConfig config) {
        LearningRateSchedule schedule = new LearningRateSchedule(config.schedule(), config.learningRate(), config.epochs());
        EarlyStopping stopping = new EarlyStopping(config.earlyStoppingPatience());
        Dl4jModel model = new Dl4jModel(net, train.side());
        float[] valFeatures = assembler.features(val, BatchAssembler.range(0, val.count()));
        List<EpochRecord> records = new ArrayList<>();
        INDArray bestParams = null;
        WeightAverage average = new WeightAverage(config.averagingDecay());
        long startAll = System.nanoTime();
        int updateSize = config.batchSize() * config.accumulationSteps();
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            double rate = schedule.rateFor(epoch);
            net.setLearningRate(rate);
            int[] order = shuffled(train.count(), new Random(config.seed() * 31 + epoch));
            long start = System.nanoTime();
            double lossSum = 0;
            int lossBatches = 0;
            try (ProgressBar bar = progress.start(String.format("epoch %d/%d", epoch + 1, config.epochs()),
                    order.length, " img", 1)) {
                for (int from = 0; from < order.length; from += updateSize) {
                    int to = Math.min(order.length, from + updateSize);
                    List<DataSet> micro = new ArrayList<>();
                    for (int m = from; m < to; m += config.batchSize()) {
                        int[] idx = java.util.Arrays.copyOfRange(order, m, Math.min(to, m + config.batchSize()));
                        micro.add(dataSet(train, idx, epoch));
                    }
                    lossSum += step(net, micro);
                    average.update(net.params());
                    lossBatches++;
                    bar.stepTo(to);
                }
            }
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            INDArray live = average.enabled() ? net.params().dup() : null;
            if (live != null) {
                net.setParams(average.average());
            }
            float[][] valProbabilities = Softmax.rows(model.logits(valFeatures));
            var valReport = new Evaluator(classNames()).evaluate(valProbabilities, val.labels());
            EpochRecord record = new EpochRecord(epoch + 1, rate, lossSum / lossBatches, valReport.logLoss(), valReport.accuracy(), trainSeconds, order.length / trainSeconds);
            records.add(record);
            boolean best = stopping.record(epoch + 1, valReport.logLoss());
            if (best && stopping.enabled()) {
                bestParams = net.params().dup();
            }
            if (live != null) {
                net.setParams(live);
            }
            progress.report(String.format(java.util.Locale.ROOT,
                    "epoch %d/%d  lr %.2e  train loss %.4f  val loss %.4f  val acc %.4f  %.0f img/s%s",
                    epoch + 1, config.epochs(), rate, record.trainLoss(), record.valLoss(), record.valAccuracy(),
                    record.imagesPerSecond(), best ? "  *" : ""));
            schedule.observeValidationLoss(valReport.logLoss());
            if (stopping.shouldStop()) {
                break;
            }
        }
        boolean stoppedEarly = records.size() < config.epochs();
        if (bestParams != null) {
            net.setParams(bestParams);
        } else if (average.enabled()) {
            net.setParams(average.average());
        }
        return new TrainingHistory(records, stopping.bestEpoch(), stoppedEarly, (System.nanoTime() - startAll) / 1e9);
    }

    /**
     * One parameter update from one or more micro-batches. With several, the micro-batches' gradients are summed
     * and applied once, divided by their total example count: the same update as one batch of all their examples.
     *
     * @return the mean loss over the micro-batches
     */
    public static double step(MultiLayerNetwork net, List<DataSet> microBatches) {
        if (microBatches.size() == 1) {
            net.fit(microBatches.get(0));
            return net.score();
        }
        return accumulate(net, microBatches);
    }

    /** The accumulation path, also usable with a single batch (tests compare it with {@code fit}). */
    static double accumulate(MultiLayerNetwork net, List<DataSet> microBatches) {
        INDArray sum = null;
        double score = 0;
        int examples = 0;
        for (DataSet batch : microBatches) {
            net.setInput(batch.getFeatures());
            net.setLabels(batch.getLabels());
            net.computeGradientAndScore();
            INDArray gradient = net.gradient().gradient();
            sum = sum == null ? gradient.dup() : sum.addi(gradient);
            score += net.score();
            examples += batch.numExamples();
        }
        // DL4J's gradients are sums over examples; the updater divides by the example count it is given.
        Gradient total = net.gradient();
        total.gradient().assign(sum);
        int iteration = net.getIterationCount();
        net.getUpdater().update(net, total, iteration, net.getEpochCount(), examples, LayerWorkspaceMgr.noWorkspaces());
        INDArray params = net.params();
        params.subi(total.gradient().reshape(params.shape()));
        net.setIterationCount(iteration + 1);
        // Not net.clear(): it drops the solver, and with it the updater's Adam state.
        return score / microBatches.size();
    }

    private DataSet dataSet(LabeledImages images, int[] idx, int epoch) {
        float[] features = assembler.trainingFeatures(images, idx, epoch);
        float[] labels = BatchAssembler.oneHot(images, idx, classCount);
        return new DataSet(Nd4j.create(features, new long[]{idx.length, 1, images.side(), images.side()}, 'c'),
                Nd4j.create(labels, new long[]{idx.length, classCount}, 'c'));
    }

    private List<String> classNames() {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classCount; c++) {
            names.add("class" + c);
        }
        return names;
    }

    static int[] shuffled(int n, Random random) {
        int[] order = BatchAssembler.range(0, n);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
