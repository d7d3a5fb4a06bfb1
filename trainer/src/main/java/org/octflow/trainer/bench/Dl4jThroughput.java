package org.octflow.trainer.bench;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.octflow.dataset.LabeledImages;
import org.octflow.preprocessing.ScanPreprocessor;
import org.octflow.trainer.core.config.ArchitectureConfig;
import org.octflow.trainer.data.BatchAssembler;
import org.octflow.trainer.data.Normalization;
import org.octflow.trainer.dl4j.NetworkFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Training throughput of the DL4J network: fresh network per run, batches prepared beforehand so only
 * forward + backward + update are timed; the first run warms up and is not counted.
 */
public final class Dl4jThroughput {
    private final NetworkFactory networks;

    public Dl4jThroughput(NetworkFactory networks) {
        this.networks = networks;
    }

    public List<Double> measure(LabeledImages train, ArchitectureConfig architecture, int batchSize, int runs, int epochs) {
        Normalization norm = Normalization.of(train);
        BatchAssembler assembler = new BatchAssembler(new ScanPreprocessor(norm.mean(), norm.std()), null, 0);
        List<DataSet> batches = new ArrayList<>();
        for (int from = 0; from < train.count(); from += batchSize) {
            int[] idx = BatchAssembler.range(from, Math.min(train.count(), from + batchSize));
            batches.add(new DataSet(
                    Nd4j.create(assembler.features(train, idx), new long[]{idx.length, 1, train.side(), train.side()}, 'c'),
                    Nd4j.create(BatchAssembler.oneHot(train, idx, 4), new long[]{idx.length, 4}, 'c')));
        }
        List<Double> rates = new ArrayList<>();
        for (int run = 0; run <= runs; run++) {
            MultiLayerNetwork net = networks.build(architecture, train.side(), 4, null, 2e-3, 1e-4, 42 + run);
            long start = System.nanoTime();
            long seen = 0;
            for (int e = 0; e < epochs; e++) {
                for (DataSet batch : batches) {
                    net.fit(batch);
                    seen += batch.numExamples();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (run > 0) {
                rates.add(seen / seconds);
            }
        }
        return rates;
    }
}
