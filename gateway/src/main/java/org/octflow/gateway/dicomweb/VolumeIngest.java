package org.octflow.gateway.dicomweb;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.octflow.contracts.ContractLimits;
import org.octflow.contracts.v1.ImageEncoding;
import org.octflow.contracts.v1.Laterality;
import org.octflow.dicom.BScan;
import org.octflow.dicom.DicomException;
import org.octflow.dicom.OctVolume;
import org.octflow.dicom.ScanOrigin;
import org.octflow.gateway.config.GatewayConfig;
import org.octflow.gateway.scan.AcceptedScan;
import org.octflow.gateway.scan.ExamRef;
import org.octflow.gateway.scan.PreviewMaker;
import org.octflow.gateway.scan.ScanDicomSource;
import org.octflow.gateway.scan.ScanSubmitter;
import org.octflow.gateway.scan.SubmittedBatch;
import org.octflow.gateway.scan.UploadRejectedException;
import org.octflow.preprocessing.GreyImage;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Stores one OCT volume read by STOW-RS as scans of its exam: one scan per frame, the exam its StudyInstanceUID and the
 * eye its laterality, each with the instance and frame it came from ({@link ScanDicomSource}). Frames go out through
 * the same outbox as uploads ({@link ScanSubmitter}), several per ScanBatch record within the contract's size limit.
 * A JPEG Baseline frame is sent as its own JPEG, so a worker decodes exactly what the device stored; any other frame
 * as its decoded 8-bit grey pixels (RAW_GREY8: no encoding cost, the exact pixels; PNG only for a frame too large for
 * one record raw). The whole instance is one transaction: it is stored entirely or not at all, and frames are flushed
 * and let go record by record, so a volume never sits whole in the heap. Nothing of the patient (name, id, birth date)
 * is kept or sent: the records carry pixels, the study UID and the eye.
 */
@ApplicationScoped
public class VolumeIngest {
    /** Room per scan in a ScanBatch for ids, sizes, exam id and protobuf framing, beside the image bytes. */
    private static final int SCAN_OVERHEAD_BYTES = 512;
    private static final int BATCH_OVERHEAD_BYTES = 256;

    private final ScanSubmitter submitter;
    private final PreviewMaker previews;
    private final Clock clock;

    public VolumeIngest(ScanSubmitter submitter, GatewayConfig config, Clock clock) {
        this.submitter = submitter;
        this.previews = new PreviewMaker(config.previews().maxSide());
        this.clock = clock;
    }

    /** Whether frames of this instance were stored before (a resent STOW): it is then not stored twice. */
    @Transactional
    public boolean alreadyStored(String sopInstanceUid) {
        return ScanDicomSource.count("sopInstanceUid", sopInstanceUid) > 0;
    }

    /** Stores every frame of {@code volume}; returns how many. Refuses (and rolls back) with an {@link InstanceRefused}. */
    @Transactional
    @TransactionConfiguration(timeout = 900)
    public int store(OctVolume volume) {
        List<AcceptedScan> chunk = new ArrayList<>();
        List<ScanOrigin> origins = new ArrayList<>();
        long chunkBytes = BATCH_OVERHEAD_BYTES;
        int frames = 0;
        try {
            for (var next = volume.nextBScan(); next.isPresent(); next = volume.nextBScan()) {
                BScan scan = next.get();
                AcceptedScan accepted = accept(scan);
                long size = accepted.bytes().length + SCAN_OVERHEAD_BYTES;
                if (!chunk.isEmpty() && chunkBytes + size > ContractLimits.MAX_SCAN_BATCH_BYTES) {
                    write(chunk, origins);
                    chunkBytes = BATCH_OVERHEAD_BYTES;
                }
                chunk.add(accepted);
                origins.add(scan.origin());
                chunkBytes += size;
                frames++;
            }
        } catch (DicomException e) {
            if (e.getCause() instanceof IOException body) {
                throw new java.io.UncheckedIOException(body); // the request body failed, not the instance
            }
            throw new InstanceRefused(FailureReason.of(e), e.getMessage());
        }
        if (frames == 0) {
            throw new InstanceRefused(FailureReason.DATA_SET_DOES_NOT_MATCH, "the OCT image holds no frames");
        }
        write(chunk, origins);
        return frames;
    }

    private AcceptedScan accept(BScan scan) {
        GreyImage grey = grey(scan.image());
        ScanOrigin origin = scan.origin();
        ExamRef exam = exam(origin);
        if (scan.storedJpeg().isPresent()) {
            byte[] jpeg = scan.storedJpeg().get();
            requireFits(jpeg.length, origin);
            return new AcceptedScan(ImageEncoding.JPEG, jpeg, grey.width(), grey.height(), Map.of(), exam,
                    previews.of(grey));
        }
        if (grey.pixels().length + SCAN_OVERHEAD_BYTES + BATCH_OVERHEAD_BYTES <= ContractLimits.MAX_SCAN_BATCH_BYTES) {
            return new AcceptedScan(ImageEncoding.RAW_GREY8, grey.pixels(), grey.width(), grey.height(), Map.of(),
                    exam, previews.of(grey));
        }
        byte[] png = png(scan.image());
        requireFits(png.length, origin);
        return new AcceptedScan(ImageEncoding.PNG, png, grey.width(), grey.height(), Map.of(), exam,
                previews.of(grey));
    }

    private static void requireFits(int bytes, ScanOrigin origin) {
        if (bytes + SCAN_OVERHEAD_BYTES + BATCH_OVERHEAD_BYTES > ContractLimits.MAX_SCAN_BATCH_BYTES) {
            throw new InstanceRefused(FailureReason.OUT_OF_RESOURCES, "frame " + origin.frameNumber() + " takes "
                    + bytes + " bytes; one Kafka record holds " + ContractLimits.MAX_SCAN_BATCH_BYTES
                    + ": send B-scans of at most ~1 Mpx");
        }
    }

    private static ExamRef exam(ScanOrigin origin) {
        try {
            ExamRef study = ExamRef.parse(origin.studyInstanceUid(), null);
            if (study == ExamRef.NONE) {
                throw new InstanceRefused(FailureReason.DATA_SET_DOES_NOT_MATCH, "the instance has no Study Instance"
                        + " UID (0020,000D)");
            }
            Laterality eye = switch (origin.laterality().trim()) {
                case "R" -> Laterality.RIGHT;
                case "L" -> Laterality.LEFT;
                default -> Laterality.LATERALITY_UNSPECIFIED; // U (unpaired), B (both) or absent
            };
            return new ExamRef(study.examId(), eye);
        } catch (UploadRejectedException e) {
            throw new InstanceRefused(FailureReason.DATA_SET_DOES_NOT_MATCH, "its Study Instance UID is not a UID of"
                    + " at most " + ExamRef.MAX_EXAM_ID_CHARS + " characters");
        }
    }

    /** One ScanBatch record and its scans' sources, then let go of them: the transaction keeps only the rows. */
    private void write(List<AcceptedScan> chunk, List<ScanOrigin> origins) {
        SubmittedBatch batch = submitter.submit(chunk);
        for (int i = 0; i < chunk.size(); i++) {
            ScanOrigin o = origins.get(i);
            ScanDicomSource.of(batch.scanIds().get(i), o.studyInstanceUid(), o.seriesInstanceUid(),
                    o.sopInstanceUid(), o.sopClassUid(), o.frameNumber(), clock.instant()).persist();
        }
        Panache.getEntityManager().flush();
        Panache.getEntityManager().clear();
        chunk.clear();
        origins.clear();
    }

    private static GreyImage grey(BufferedImage image) {
        byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        if (pixels.length != image.getWidth() * image.getHeight()) {
            pixels = java.util.Arrays.copyOf(pixels, image.getWidth() * image.getHeight());
        }
        return new GreyImage(image.getWidth(), image.getHeight(), pixels);
    }

    private static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new InstanceRefused(FailureReason.PROCESSING_FAILURE, "a frame could not be encoded as PNG");
        }
        return out.toByteArray();
    }
}
