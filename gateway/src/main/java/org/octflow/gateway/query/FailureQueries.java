package org.octflow.gateway.query;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.octflow.gateway.prediction.ScanFailure;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Failures, newest first: every dead letter, including those of scans sent straight to Kafka. */
@ApplicationScoped
@Transactional
public class FailureQueries {

    public PageView<FailureView> search(String batchId, String scanId, String code, Instant from, Instant to,
                                        int page, int size) {
        PredictionQueries.checkPage(page, size);
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        add(where, params, "batchId", batchId);
        add(where, params, "scanId", scanId);
        add(where, params, "code", code);
        if (from != null) {
            where.add("failedAt >= :from");
            params.and("from", from);
        }
        if (to != null) {
            where.add("failedAt < :to");
            params.and("to", to);
        }
        var query = ScanFailure.<ScanFailure>find(where.isEmpty() ? "1 = 1" : String.join(" and ", where),
                Sort.descending("failedAt"), params).page(Page.of(page, size));
        List<FailureView> items = query.list().stream().map(f -> new FailureView(f.batchId, f.scanId, f.code,
                f.reason, f.origin, f.cutDown, f.failedAt)).toList();
        long total = query.count();
        return new PageView<>(items, page, size, total, (int) ((total + size - 1) / size));
    }

    private static void add(List<String> where, Parameters params, String field, String value) {
        if (value != null) {
            where.add(field + " = :" + field);
            params.and(field, value);
        }
    }
}
