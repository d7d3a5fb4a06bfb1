package org.octflow.gateway.oip;

import org.octflow.contracts.manifest.ModelManifest;
import org.octflow.gateway.oip.OipMessages.RequestOutput;
import org.octflow.gateway.oip.OipMessages.ResponseOutput;
import org.octflow.gateway.prediction.ClassScore;
import org.octflow.gateway.query.PredictionView;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Builds the infer response's output tensors from stored predictions, one per scan in request order:
 * {@code probabilities} FP32 [N, classes] in the manifest's class order; with the classification extension
 * ({@code "parameters": {"classification": k}} on that output, Triton's form) BYTES [N, k] of
 * {@code "<probability>:<index>:<label>"}, highest first; and the evidence map FP32 [N, H, W] when the model gives one.
 */
public final class InferOutputs {
    static final String CLASSIFICATION = "classification";

    private InferOutputs() {
    }

    /** What the request asked for, checked before anything is submitted; none named: every output the model has. */
    public static List<RequestOutput> requested(ModelManifest model, List<RequestOutput> outputs) {
        if (outputs == null || outputs.isEmpty()) {
            List<RequestOutput> all = new ArrayList<>(List.of(new RequestOutput(model.output().name(), null)));
            if (model.evidence() != null) {
                all.add(new RequestOutput(model.evidence().name(), null));
            }
            return all;
        }
        for (RequestOutput output : outputs) {
            String name = output == null ? null : output.name();
            boolean probabilities = model.output().name().equals(name);
            boolean evidence = model.evidence() != null && model.evidence().name().equals(name);
            if (!probabilities && !evidence) {
                throw new OipProblem(400, "model " + model.name() + " has the outputs " + names(model)
                        + "; an output of this request is none of them");
            }
            Object k = output.parameters() == null ? null : output.parameters().get(CLASSIFICATION);
            if (k != null && (!probabilities || !(k instanceof Integer count) || count < 1
                    || count > model.classes().size())) {
                throw new OipProblem(400, "\"classification\" takes a whole number from 1 to "
                        + model.classes().size() + ", on output '" + model.output().name() + "'");
            }
        }
        return outputs;
    }

    public static List<ResponseOutput> outputs(ModelManifest model, List<RequestOutput> requested,
                                               List<PredictionView> predictions) {
        List<ResponseOutput> out = new ArrayList<>();
        for (RequestOutput output : requested) {
            if (output.name().equals(model.output().name())) {
                Object k = output.parameters() == null ? null : output.parameters().get(CLASSIFICATION);
                out.add(k == null ? probabilities(model, predictions) : classification(model, predictions, (int) k));
            } else {
                out.add(evidence(model, predictions));
            }
        }
        return out;
    }

    private static ResponseOutput probabilities(ModelManifest model, List<PredictionView> predictions) {
        List<Float> data = new ArrayList<>();
        for (PredictionView prediction : predictions) {
            for (String label : model.classes()) {
                data.add((float) probability(prediction, label));
            }
        }
        return new ResponseOutput(model.output().name(), List.of((long) predictions.size(),
                (long) model.classes().size()), "FP32", Map.of("labels", model.classes()), data);
    }

    private static ResponseOutput classification(ModelManifest model, List<PredictionView> predictions, int k) {
        List<String> data = new ArrayList<>();
        for (PredictionView prediction : predictions) {
            IntStream.range(0, model.classes().size()).boxed()
                    .sorted(Comparator.comparingDouble((Integer i) -> probability(prediction, model.classes().get(i)))
                            .reversed())
                    .limit(k)
                    .forEach(i -> data.add(String.format(Locale.ROOT, "%s:%d:%s",
                            Float.toString((float) probability(prediction, model.classes().get(i))), i,
                            model.classes().get(i))));
        }
        return new ResponseOutput(model.output().name(), List.of((long) predictions.size(), (long) k), "BYTES",
                null, data);
    }

    private static ResponseOutput evidence(ModelManifest model, List<PredictionView> predictions) {
        int height = model.evidence().shape().get(1).intValue();
        int width = model.evidence().shape().get(2).intValue();
        List<Float> data = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (PredictionView prediction : predictions) {
            var map = prediction.evidence();
            if (map == null || map.height() != height || map.width() != width) {
                throw new OipProblem(500, "the worker that answered gave no " + height + "x" + width
                        + " evidence map for scan " + prediction.scanId() + ": ask for '" + model.output().name()
                        + "' only, or look the scan up at /api/v1/scans/" + prediction.scanId());
            }
            data.addAll(map.values());
            labels.add(map.label());
        }
        return new ResponseOutput(model.evidence().name(), List.of((long) predictions.size(), (long) height,
                (long) width), "FP32", Map.of("labels", labels), data);
    }

    private static double probability(PredictionView prediction, String label) {
        return prediction.probabilities().stream().filter(score -> score.label().equals(label))
                .mapToDouble(ClassScore::probability).findFirst().orElse(0);
    }

    private static String names(ModelManifest model) {
        return model.evidence() == null ? "'" + model.output().name() + "'"
                : "'" + model.output().name() + "' and '" + model.evidence().name() + "'";
    }
}
