package org.octflow.runtime;

import org.octflow.contracts.manifest.ModelManifest;
import org.octflow.contracts.manifest.ReviewRule;
import org.octflow.contracts.v1.ClassProbability;
import org.octflow.contracts.v1.Decision;
import org.octflow.contracts.v1.EvidenceMap;
import org.octflow.contracts.v1.ImageEncoding;
import org.octflow.contracts.v1.Prediction;
import org.octflow.preprocessing.GreyImage;
import org.octflow.preprocessing.ScanDecoder;
import org.octflow.preprocessing.ScanPreprocessor;
import org.octflow.preprocessing.ScanRejectedException;

import java.util.List;

/**
 * Both ends of a call to one model, as its manifest states them (DJL's {@code Translator}): a scan becomes the
 * model's input row, and the model's output rows become a prediction with its review decision and evidence map. The
 * worker, the worker bench and the trainer's parity gate all translate through it, so they cannot disagree; running
 * the model stays with {@link LoadedModel} and {@link ModelRunner}. Pure logic: no ONNX Runtime here.
 *
 * <p>The input end has two steps because the worker does them at different times: {@link #toModelSize} (decode,
 * crop, resize: depends only on the input side) when a record is taken in, {@link #writeInputRow} (normalise) when
 * the batch runs on the version actually leased.
 */
public final class ScanTranslator {
    private final String modelId;
    private final int side;
    private final ScanPreprocessor preprocessor;
    private final List<String> classes;
    private final ReviewRule review;
    private final int evidenceHeight;
    private final int evidenceWidth;

    private ScanTranslator(ModelManifest manifest) {
        this.modelId = manifest.id();
        this.side = inputSide(manifest);
        if (manifest.normalization() == null) {
            throw new IllegalStateException("model " + modelId + " states no normalization in its manifest: re-export"
                    + " it with the trainer, which records the mean and std it trained with");
        }
        this.preprocessor = new ScanPreprocessor(new ScanDecoder(ScanPreprocessor.DEFAULT_MAX_PIXELS), side,
                manifest.normalization().mean(), manifest.normalization().std());
        if (manifest.classes() == null || manifest.classes().isEmpty()) {
            throw new IllegalStateException("model " + modelId + " lists no classes in its manifest: re-export it");
        }
        this.classes = List.copyOf(manifest.classes());
        this.review = manifest.review();
        List<Long> evidence = manifest.evidence() != null ? manifest.evidence().shape() : null;
        if (evidence != null && (evidence.size() != 3 || evidence.get(1) < 1 || evidence.get(2) < 1)) {
            throw new IllegalStateException("model " + modelId + " gives evidence maps of shape " + evidence
                    + "; the runtime reads [N, height, width]");
        }
        this.evidenceHeight = evidence != null ? Math.toIntExact(evidence.get(1)) : 0;
        this.evidenceWidth = evidence != null ? Math.toIntExact(evidence.get(2)) : 0;
    }

    /** The translator of the model this manifest describes; refuses a manifest it could not serve faithfully. */
    public static ScanTranslator of(ModelManifest manifest) {
        return new ScanTranslator(manifest);
    }

    /** The side of the square grey images the model takes ([N, 1, side, side] in its manifest). */
    public int inputSide() {
        return side;
    }

    /** The length of one input row. */
    public int pixels() {
        return side * side;
    }

    public int classCount() {
        return classes.size();
    }

    /** True when the manifest names an evidence output, of {@link #evidenceHeight()} x {@link #evidenceWidth()}. */
    public boolean givesEvidence() {
        return evidenceHeight > 0;
    }

    public int evidenceHeight() {
        return evidenceHeight;
    }

    public int evidenceWidth() {
        return evidenceWidth;
    }

    /** Decodes a scan as sent and brings it to the model's side, still as 8-bit grey. */
    public GreyImage toModelSize(byte[] data, ImageEncoding encoding, int width, int height)
            throws ScanRejectedException {
        return preprocessor.toModelSize(data, encoding, width, height);
    }

    /** True when {@code image} is already of the model's size, e.g. one {@link #toModelSize} made for it. */
    public boolean fits(GreyImage image) {
        return image.width() == side && image.height() == side;
    }

    /**
     * Writes the model's input row for a decoded image (any size: it is brought to the model's first) into row
     * {@code row} of a row-major [N, pixels] batch. Give it the decoded scan or an image sized for this model: an
     * image resized for another model would be resized twice, which is not what the model was trained on.
     */
    public void writeInputRow(GreyImage image, float[] batch, int row) {
        preprocessor.writeNormalized(fits(image) ? image : preprocessor.toModelSize(image), batch, row * pixels());
    }

    /** The input rows of {@code images}, row-major: what the model is run on. */
    public float[] inputRows(List<GreyImage> images) {
        float[] rows = new float[images.size() * pixels()];
        for (int i = 0; i < images.size(); i++) {
            writeInputRow(images.get(i), rows, i);
        }
        return rows;
    }

    /**
     * The prediction of row {@code row} of a row-major [N, classes] probability matrix: the label ranked first (the
     * first of equals), every class's probability, and the decision of the model's review rule when its manifest
     * states one (left unspecified otherwise, for the reader's own threshold).
     */
    public Prediction prediction(float[] probabilities, int row) {
        int base = row * classes.size();
        Prediction.Builder prediction = Prediction.newBuilder();
        int best = 0;
        for (int c = 0; c < classes.size(); c++) {
            float p = probabilities[base + c];
            prediction.addProbabilities(ClassProbability.newBuilder().setLabel(classes.get(c)).setProbability(p));
            if (p > probabilities[base + best]) {
                best = c;
            }
        }
        if (review != null) {
            prediction.setDecision(review.accepts(probabilities[base + best]) ? Decision.AUTO_ACCEPT : Decision.REVIEW);
        }
        return prediction.setLabel(classes.get(best)).setLabelIndex(best).build();
    }

    /** What one scan of a run comes to: its prediction and, when the model gives one, its evidence map. */
    public record ScanOutcome(Prediction prediction, EvidenceMap evidence) {
    }

    /** Scan {@code row} of a run's outputs. */
    public ScanOutcome outcome(ModelOutputs outputs, int row) {
        Prediction prediction = prediction(outputs.probabilities(), row);
        return new ScanOutcome(prediction, evidence(outputs, row, prediction.getLabel()));
    }

    /** Scan {@code row}'s evidence map, labelled with the class it explains; null when the model gives none. */
    EvidenceMap evidence(ModelOutputs outputs, int row, String label) {
        if (!outputs.hasEvidence()) {
            return null;
        }
        EvidenceMap.Builder map = EvidenceMap.newBuilder().setLabel(label).setHeight(outputs.evidenceHeight())
                .setWidth(outputs.evidenceWidth());
        for (float v : outputs.evidence(row)) {
            map.addValues(v);
        }
        return map.build();
    }

    /** [N, 1, side, side] from the manifest; a manifest without a shape is a 28x28 OCTMNIST model. */
    private static int inputSide(ModelManifest manifest) {
        if (manifest.input() == null || manifest.input().shape() == null || manifest.input().shape().size() != 4) {
            return ScanPreprocessor.MODEL_SIDE;
        }
        long height = manifest.input().shape().get(2);
        long width = manifest.input().shape().get(3);
        if (height != width || height < 1) {
            throw new IllegalStateException("model " + manifest.id() + " takes " + manifest.input().shape()
                    + "; the runtime serves square grey inputs [N, 1, side, side]");
        }
        return (int) height;
    }
}
