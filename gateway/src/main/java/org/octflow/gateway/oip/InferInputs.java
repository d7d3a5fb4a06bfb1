package org.octflow.gateway.oip;

import com.fasterxml.jackson.databind.JsonNode;
import org.octflow.contracts.manifest.ModelManifest;
import org.octflow.gateway.oip.OipMessages.RequestInput;
import org.octflow.gateway.scan.UploadedImage;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Turns an infer request's input tensor into the images the pipeline carries, the way an upload carries them.
 * <ul>
 *   <li>BYTES {@code images} [N] (or [N,1]): each element the base64 of a PNG or JPEG of any size; the workers'
 *   own preprocessing (the manifest's) makes the tensor, as for uploads.</li>
 *   <li>FP32 (the manifest's input, {@code scans} [N,1,28,28]), already normalised: de-normalised to the 8-bit grey
 *   the served preprocessing produces anyway ({@code round((x * std + mean) * 255)}) and sent as a 28x28 grey PNG,
 *   which the workers decode losslessly and do not resize. A tensor the served preprocessing made comes back exactly;
 *   any other loses at most half a grey level: 0.5 / 255 / std in normalised units.</li>
 * </ul>
 * Messages name the input, the element's position and the rule, never a value (values are patient data).
 */
public final class InferInputs {
    /** The name of the encoded-image input. */
    public static final String BYTES_INPUT = "images";

    private InferInputs() {
    }

    public static List<UploadedImage> images(ModelManifest model, List<RequestInput> inputs, int maxScans) {
        if (inputs == null || inputs.size() != 1 || inputs.get(0) == null) {
            throw bad("send exactly one input: '" + model.input().name() + "' (FP32 " + model.input().shape()
                    + ", normalised) or '" + BYTES_INPUT + "' (BYTES [N], base64 PNG or JPEG); this request has "
                    + (inputs == null ? 0 : inputs.size()));
        }
        RequestInput input = inputs.get(0);
        if (input.name() == null || input.datatype() == null || input.shape() == null || input.data() == null) {
            throw bad("input needs 'name', 'shape', 'datatype' and 'data'");
        }
        if (input.name().equals(BYTES_INPUT)) {
            return encodedImages(input, maxScans);
        }
        if (input.name().equals(model.input().name())) {
            return tensors(model, input, maxScans);
        }
        throw bad("model " + model.name() + " has no input '" + printable(input.name()) + "': its inputs are '"
                + model.input().name() + "' (FP32) and '" + BYTES_INPUT + "' (BYTES)");
    }

    private static List<UploadedImage> encodedImages(RequestInput input, int maxScans) {
        if (!"BYTES".equals(input.datatype())) {
            throw bad("input '" + BYTES_INPUT + "' is BYTES, not " + printable(input.datatype()));
        }
        List<Long> shape = input.shape();
        if (shape.isEmpty() || shape.size() > 2 || (shape.size() == 2 && shape.get(1) != 1)) {
            throw bad("input '" + BYTES_INPUT + "' has shape " + shape + "; send [N] (or [N,1]): one encoded image"
                    + " per element");
        }
        int count = batchSize(shape.get(0), maxScans);
        List<JsonNode> elements = flatten(input.data());
        if (elements.size() != count) {
            throw bad("input '" + BYTES_INPUT + "' has shape " + shape + " but " + elements.size() + " elements");
        }
        List<UploadedImage> images = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            JsonNode element = elements.get(i);
            if (!element.isTextual()) {
                throw bad("element " + (i + 1) + " of '" + BYTES_INPUT + "' is no string: send the base64 of a PNG"
                        + " or JPEG file");
            }
            try {
                byte[] bytes = Base64.getDecoder().decode(element.asText().replaceAll("\\s", ""));
                images.add(new UploadedImage(null, null, bytes, null));
            } catch (IllegalArgumentException e) {
                throw bad("element " + (i + 1) + " of '" + BYTES_INPUT + "' is not valid base64: encode the file's"
                        + " bytes with standard base64");
            }
        }
        return images;
    }

    private static List<UploadedImage> tensors(ModelManifest model, RequestInput input, int maxScans) {
        String name = model.input().name();
        if (!"FP32".equals(input.datatype())) {
            throw bad("input '" + name + "' is FP32, not " + printable(input.datatype()));
        }
        List<Long> expected = model.input().shape();
        List<Long> shape = input.shape();
        boolean fits = shape.size() == expected.size();
        for (int d = 1; fits && d < shape.size(); d++) {
            fits = expected.get(d) < 0 || expected.get(d).equals(shape.get(d));
        }
        if (!fits || expected.size() != 4 || expected.get(1) != 1 || !expected.get(2).equals(expected.get(3))) {
            throw bad("input '" + name + "' has shape " + shape + "; model " + model.name() + " takes " + expected
                    + " (N grey images, normalised)");
        }
        int count = batchSize(shape.get(0), maxScans);
        int side = expected.get(2).intValue();
        int perImage = side * side;
        List<JsonNode> elements = flatten(input.data());
        if (elements.size() != (long) count * perImage) {
            throw bad("input '" + name + "' has shape " + shape + " (" + (long) count * perImage + " values) but "
                    + elements.size() + " values");
        }
        double mean = model.normalization().mean();
        double std = model.normalization().std();
        // Half a grey level of slack either side: what rounding forgives anyway.
        double low = (0 - 0.5 / 255 - mean) / std;
        double high = (1 + 0.5 / 255 - mean) / std;
        List<UploadedImage> images = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            byte[] grey = new byte[perImage];
            for (int i = 0; i < perImage; i++) {
                JsonNode element = elements.get(n * perImage + i);
                if (!element.isNumber()) {
                    throw bad("value " + (n * perImage + i + 1) + " of '" + name + "' is no number");
                }
                double x = element.asDouble();
                if (!(x >= low && x <= high)) {
                    throw bad("value " + (n * perImage + i + 1) + " of '" + name + "' is outside [" + round(low)
                            + ", " + round(high) + "], the range of (pixel/255 - " + mean + ") / " + std
                            + ": send normalised pixels, or the image itself as '" + BYTES_INPUT + "'");
                }
                long pixel = Math.round((x * std + mean) * 255);
                grey[i] = (byte) Math.max(0, Math.min(255, pixel));
            }
            images.add(new UploadedImage(null, "image/png", greyPng(side, grey), null));
        }
        return images;
    }

    private static int batchSize(long n, int maxScans) {
        if (n < 1) {
            throw bad("the batch dimension is " + n + "; send at least one image");
        }
        if (n > maxScans) {
            throw new OipProblem(413, "the batch dimension is " + n + "; one infer call takes at most " + maxScans
                    + " images (octflow.upload.max-scans): split it into several calls");
        }
        return (int) n;
    }

    /** Row-major elements, whether the client sent them flat or nested. */
    private static List<JsonNode> flatten(JsonNode data) {
        List<JsonNode> out = new ArrayList<>();
        flattenInto(data, out);
        return out;
    }

    private static void flattenInto(JsonNode node, List<JsonNode> out) {
        if (node.isArray()) {
            node.forEach(child -> flattenInto(child, out));
        } else {
            out.add(node);
        }
    }

    static byte[] greyPng(int side, byte[] grey) {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, side, side, grey);
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String round(double value) {
        return String.format(java.util.Locale.ROOT, "%.4f", value);
    }

    /** Names and datatypes are the protocol's words, but a client may put anything there: shown only if short. */
    private static String printable(String text) {
        return text != null && text.matches("[A-Za-z0-9_.:-]{1,40}") ? text : "(another value)";
    }

    private static OipProblem bad(String message) {
        return new OipProblem(400, message);
    }
}
