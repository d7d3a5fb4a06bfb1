package org.octflow.gateway.monitoring;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.octflow.contracts.v1.ImageEncoding;
import org.octflow.gateway.scan.ScanPreview;
import org.octflow.monitoring.ImageStatistics;
import org.octflow.preprocessing.ScanDecoder;
import org.octflow.preprocessing.ScanPreprocessor;
import org.octflow.preprocessing.ScanRejectedException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The drift test's image statistics of stored scans, taken on the model-size image made from each scan's preview (the
 * gateway keeps no original): the preview's grey JPEG, longest side 512, centre-cropped and resized to 28x28 by the
 * workers' own code. A 28x28 image averages away most of the JPEG's artefacts, but not all: a reference profile built
 * from original scans and windows measured on previews differ a little in texture, so build the reference the same way
 * where the texture statistics matter.
 */
@ApplicationScoped
public class PreviewStatistics {
    private final ScanDecoder decoder = new ScanDecoder(ScanPreprocessor.DEFAULT_MAX_PIXELS);
    // Normalisation is not used: the statistics are taken on the 0..255 model-size image.
    private final ScanPreprocessor preprocessor = new ScanPreprocessor(decoder, ScanPreprocessor.MODEL_SIDE, 0, 1);

    /** Statistics per scan id, for those of {@code scanIds} that still have a decodable preview. */
    @Transactional
    public Map<String, double[]> of(List<String> scanIds) {
        Map<String, double[]> statistics = new HashMap<>();
        if (scanIds.isEmpty()) {
            return statistics;
        }
        List<ScanPreview> previews = ScanPreview.list("scanId in ?1", scanIds);
        for (ScanPreview preview : previews) {
            try {
                var image = decoder.decode(preview.bytes, ImageEncoding.JPEG, preview.width, preview.height);
                statistics.put(preview.scanId, ImageStatistics.of(preprocessor.toModelSize(image)));
            } catch (ScanRejectedException e) {
                // A preview the gateway wrote itself and cannot read back: leave the scan out of the test.
            }
        }
        return statistics;
    }
}
