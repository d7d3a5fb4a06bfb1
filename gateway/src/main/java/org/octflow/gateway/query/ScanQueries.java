package org.octflow.gateway.query;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.octflow.gateway.prediction.StoredPrediction;
import org.octflow.gateway.scan.Scan;
import org.octflow.gateway.scan.ScanPreview;
import org.octflow.gateway.scan.ScanStatus;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Scan and batch progress. Each call is its own transaction, so a caller polling for progress always reads fresh rows
 * rather than entities cached by an earlier read.
 */
@ApplicationScoped
@Transactional
public class ScanQueries {

    public Optional<ScanView> scan(String scanId) {
        Scan scan = Scan.findById(scanId);
        if (scan == null) {
            return Optional.empty();
        }
        return Optional.of(Views.of(scan, StoredPrediction.findById(scanId)));
    }

    /** The scan's preview, if the gateway saw its image (uploaded, or read from Kafka) within retention. */
    public Optional<ScanPreview> preview(String scanId) {
        return Optional.ofNullable(ScanPreview.findById(scanId));
    }

    public Optional<BatchView> batch(String batchId) {
        List<Scan> scans = Scan.ofBatch(batchId);
        if (scans.isEmpty()) {
            return Optional.empty();
        }
        Map<String, StoredPrediction> predictions = StoredPrediction.<StoredPrediction>list("batchId", batchId)
                .stream().collect(Collectors.toMap(p -> p.scanId, Function.identity()));
        List<ScanView> views = scans.stream().map(s -> Views.of(s, predictions.get(s.id))).toList();
        Map<ScanStatus, Long> counts = scans.stream()
                .collect(Collectors.groupingBy(s -> s.status, Collectors.counting()));
        int pending = counts.getOrDefault(ScanStatus.PENDING, 0L).intValue();
        return Optional.of(new BatchView(batchId, scans.size(), pending,
                counts.getOrDefault(ScanStatus.DONE, 0L).intValue(),
                counts.getOrDefault(ScanStatus.REVIEW, 0L).intValue(),
                counts.getOrDefault(ScanStatus.FAILED, 0L).intValue(),
                pending == 0, views));
    }
}
