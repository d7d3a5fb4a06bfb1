package org.octflow.launcher;

import org.octflow.contracts.v1.Prediction;
import org.octflow.contracts.v1.ScanPrediction;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** What a streamed run achieved, computed from what was sent and what came back on the predictions topic. */
record DemoReport(int sent, int predicted, int failed, int missing, int duplicated, int labelled, int correct,
                  double imagesPerSecond, long p50Millis, long p99Millis, String models, Decisions decisions) {

    /**
     * What the model's review rule decided, and how many predictions came with an evidence map.
     *
     * @param acceptedLabelled auto-accepted scans whose true label is known; acceptedCorrect of them right
     */
    record Decisions(int accepted, int review, int undecided, int withEvidence, int acceptedLabelled,
                     int acceptedCorrect) {
    }

    static DemoReport of(List<SentScan> sent, Map<String, PredictionCollector.Received> received) {
        int predicted = 0, failed = 0, missing = 0, duplicated = 0, labelled = 0, correct = 0;
        int accepted = 0, review = 0, undecided = 0, withEvidence = 0, acceptedLabelled = 0, acceptedCorrect = 0;
        long first = Long.MAX_VALUE, last = Long.MIN_VALUE;
        long[] latencies = new long[sent.size()];
        int n = 0;
        java.util.Set<String> models = new java.util.TreeSet<>();
        for (SentScan scan : sent) {
            first = Math.min(first, scan.sentAtMillis());
            PredictionCollector.Received answer = received.get(scan.scanId());
            if (answer == null) {
                missing++;
                continue;
            }
            models.add(answer.modelId());
            if (answer.times() > 1) {
                duplicated++;
            }
            last = Math.max(last, answer.predictedAtMillis());
            latencies[n++] = Math.max(0, answer.predictedAtMillis() - scan.sentAtMillis());
            if (answer.prediction().getOutcomeCase() != ScanPrediction.OutcomeCase.PREDICTION) {
                failed++;
                continue;
            }
            predicted++;
            Prediction prediction = answer.prediction().getPrediction();
            boolean right = scan.trueLabel() >= 0 && prediction.getLabelIndex() == scan.trueLabel();
            if (scan.trueLabel() >= 0) {
                labelled++;
                correct += right ? 1 : 0;
            }
            withEvidence += answer.prediction().hasEvidence() ? 1 : 0;
            switch (prediction.getDecision()) {
                case AUTO_ACCEPT -> {
                    accepted++;
                    if (scan.trueLabel() >= 0) {
                        acceptedLabelled++;
                        acceptedCorrect += right ? 1 : 0;
                    }
                }
                case REVIEW -> review++;
                default -> undecided++;
            }
        }
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        double seconds = n == 0 ? 0 : Math.max(1, last - first) / 1000.0;
        return new DemoReport(sent.size(), predicted, failed, missing, duplicated, labelled, correct,
                n == 0 ? 0 : n / seconds, percentile(sorted, 0.50), percentile(sorted, 0.99), String.join(", ", models),
                new Decisions(accepted, review, undecided, withEvidence, acceptedLabelled, acceptedCorrect));
    }

    private static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    double accuracy() {
        return labelled == 0 ? Double.NaN : (double) correct / labelled;
    }

    boolean exactlyOnce() {
        return missing == 0 && duplicated == 0;
    }

    String render() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("scans sent            %d%n", sent));
        out.append(String.format("predicted             %d (failed %d, missing %d, answered more than once %d)%n",
                predicted, failed, missing, duplicated));
        if (labelled > 0) {
            out.append(String.format("accuracy              %.4f (%d of %d right)%n", accuracy(), correct, labelled));
        }
        out.append(String.format("throughput            %.0f images/s (first send to last committed prediction)%n",
                imagesPerSecond));
        out.append(String.format("end-to-end latency    p50 %d ms, p99 %d ms (send to committed prediction)%n",
                p50Millis, p99Millis));
        out.append(String.format("model                 %s%n", models));
        if (decisions.undecided() < predicted) {
            out.append(String.format("review rule           auto-accepted %d, to review %d, by no rule %d%s%n",
                    decisions.accepted(), decisions.review(), decisions.undecided(), decisions.acceptedLabelled() == 0
                            ? "" : String.format(" (auto-accepted accuracy %.4f, %d of %d)",
                            (double) decisions.acceptedCorrect() / decisions.acceptedLabelled(),
                            decisions.acceptedCorrect(), decisions.acceptedLabelled())));
        }
        out.append(String.format("evidence maps         %d of %d predictions%n", decisions.withEvidence(), predicted));
        return out.toString();
    }
}
