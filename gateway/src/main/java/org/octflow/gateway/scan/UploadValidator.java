package org.octflow.gateway.scan;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.octflow.contracts.records.RecordLimits;
import org.octflow.contracts.v1.ImageEncoding;
import org.octflow.gateway.config.GatewayConfig;
import org.octflow.preprocessing.ScanDecoder;
import org.octflow.preprocessing.ScanRejectedException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Checks a submission before anything is stored: count, sizes, type, and that every image decodes with the same
 * {@link ScanDecoder} the workers use, so a scan the gateway accepts is a scan a worker can read. The decoder bounds
 * the heap of one decode; a progressive JPEG, which the decoder holds whole in native memory, is refused above a lower
 * pixel cap from its header, before decoding. At most {@code octflow.upload.decode-concurrency} decodes run at once,
 * so a burst of large images queues here instead of filling memory. The decoded image is only checked, not kept.
 */
@ApplicationScoped
public class UploadValidator {
    private static final int BAD_REQUEST = 400;
    private static final int TOO_LARGE = 413;
    private static final int UNSUPPORTED_TYPE = 415;

    private static final Duration DECODE_QUEUE_TIMEOUT = Duration.ofSeconds(30);

    private final GatewayConfig.Upload limits;
    private final ScanDecoder decoder;
    private final PreviewMaker previews;
    private final Semaphore decodeSlots;

    @Inject
    public UploadValidator(GatewayConfig config) {
        this(config.upload(), new PreviewMaker(config.previews().maxSide()));
    }

    UploadValidator(GatewayConfig.Upload limits) {
        this(limits, new PreviewMaker(PreviewMaker.DEFAULT_MAX_SIDE));
    }

    UploadValidator(GatewayConfig.Upload limits, PreviewMaker previews) {
        this.limits = limits;
        this.previews = previews;
        this.decoder = new ScanDecoder(limits.maxPixels());
        this.decodeSlots = new Semaphore(decodeConcurrency(limits), true);
    }

    /** The configured count, else the processors but at most 2: the gateway's container may have no CPU limit. */
    static int decodeConcurrency(GatewayConfig.Upload limits) {
        int permits = limits.decodeConcurrency().orElse(Math.min(Runtime.getRuntime().availableProcessors(), 2));
        if (permits < 1) {
            throw new IllegalStateException("octflow.upload.decode-concurrency is " + permits + ": set at least 1");
        }
        return permits;
    }

    public List<AcceptedScan> validate(List<UploadedImage> images) {
        if (images.isEmpty()) {
            throw new UploadRejectedException(BAD_REQUEST, "the request holds no images: send one or more PNG or"
                    + " JPEG files as multipart/form-data parts, or JSON {\"scans\":[{\"image\":\"<base64>\"}]}");
        }
        if (images.size() > limits.maxScans()) {
            throw new UploadRejectedException(TOO_LARGE, "the request holds " + images.size() + " images; at most "
                    + limits.maxScans() + " fit in one submission: split it into several requests");
        }
        long total = 0;
        for (int i = 0; i < images.size(); i++) {
            MetadataLimits.check(describe(i, images), images.get(i).metadata());
            int size = images.get(i).bytes().length;
            if (size > limits.maxImageBytes()) {
                throw new UploadRejectedException(TOO_LARGE, describe(i, images) + " is " + size + " bytes; the limit is "
                        + limits.maxImageBytes() + " bytes per image: send the B-scan at its native size, as PNG");
            }
            total += size;
        }
        if (total > RecordLimits.MAX_SCAN_BATCH_BYTES) {
            throw new UploadRejectedException(TOO_LARGE, "the images add up to " + total + " bytes; one submission"
                    + " is one Kafka record and may hold " + RecordLimits.MAX_SCAN_BATCH_BYTES + " bytes: split it"
                    + " into several requests");
        }
        List<AcceptedScan> accepted = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            accepted.add(accept(i, images));
        }
        return accepted;
    }

    private AcceptedScan accept(int index, List<UploadedImage> images) {
        UploadedImage image = images.get(index);
        ImageEncoding encoding = encodingOf(index, images);
        if (encoding == ImageEncoding.JPEG) {
            refuseWholeImageJpegAboveCap(index, images);
        }
        acquireDecodeSlot();
        try {
            ScanDecoder.Decoded decoded = decoder.checkAndDecode(image.bytes(), encoding, 0, 0);
            // Made while the pixels are at hand: the raster is dropped here, only the small preview is kept.
            Preview preview = previews.of(decoded.image());
            return new AcceptedScan(encoding, image.bytes(), decoded.header().width(), decoded.header().height(),
                    image.metadata(), image.exam(), preview);
        } catch (ScanRejectedException e) {
            throw new UploadRejectedException(BAD_REQUEST, describe(index, images) + " was rejected ("
                    + e.code() + "): " + e.getMessage());
        } finally {
            decodeSlots.release();
        }
    }

    private void refuseWholeImageJpegAboveCap(int index, List<UploadedImage> images) {
        JpegFrame frame = JpegFrame.wholeImageOver(images.get(index).bytes(), limits.maxProgressiveJpegPixels())
                .orElse(null);
        if (frame != null) {
            throw new UploadRejectedException(BAD_REQUEST, describe(index, images) + " is a "
                    + (frame.progressive() ? "progressive" : "multi-scan") + " JPEG of " + frame.width() + "x"
                    + frame.height() + "; such JPEGs are decoded whole in memory, so the gateway takes them up to "
                    + limits.maxProgressiveJpegPixels() + " pixels: send it as PNG or baseline JPEG, or smaller");
        }
    }

    private void acquireDecodeSlot() {
        try {
            if (!decodeSlots.tryAcquire(DECODE_QUEUE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new UploadRejectedException(503, "the gateway is busy checking other images: retry in a few"
                        + " seconds");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UploadRejectedException(503, "the gateway is shutting down: retry");
        }
    }

    /** The declared type decides; a missing or generic one is settled by the file's signature. */
    private static ImageEncoding encodingOf(int index, List<UploadedImage> images) {
        UploadedImage image = images.get(index);
        String declared = image.declaredType() == null ? "" : image.declaredType().toLowerCase(Locale.ROOT).trim();
        int semicolon = declared.indexOf(';');
        if (semicolon >= 0) {
            declared = declared.substring(0, semicolon).trim();
        }
        switch (declared) {
            case "image/png", "png":
                return ImageEncoding.PNG;
            case "image/jpeg", "image/jpg", "jpeg", "jpg":
                return ImageEncoding.JPEG;
            case "", "application/octet-stream":
                ImageEncoding sniffed = sniff(image.bytes());
                if (sniffed != null) {
                    return sniffed;
                }
                if (image.bytes().length == 0) {
                    throw new UploadRejectedException(BAD_REQUEST, describe(index, images)
                            + " is empty (0 bytes): attach the image file itself");
                }
                throw new UploadRejectedException(UNSUPPORTED_TYPE, describe(index, images)
                        + " is neither PNG nor JPEG (no PNG or JPEG signature): convert it to PNG");
            default:
                // The declared type is the client's own text, so it is not repeated.
                throw new UploadRejectedException(UNSUPPORTED_TYPE, describe(index, images) + " is declared as"
                        + " another type; the gateway accepts image/png and image/jpeg: convert it to PNG");
        }
    }

    static ImageEncoding sniff(byte[] bytes) {
        if (bytes.length >= 8 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G') {
            return ImageEncoding.PNG;
        }
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8 && (bytes[2] & 0xff) == 0xff) {
            return ImageEncoding.JPEG;
        }
        return null;
    }

    /** By position only: file names often carry patient names or ids, so they are never repeated. */
    private static String describe(int index, List<UploadedImage> images) {
        return "image " + (index + 1) + " of " + images.size();
    }
}
