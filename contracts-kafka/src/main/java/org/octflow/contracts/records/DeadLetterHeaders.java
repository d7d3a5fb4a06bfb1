package org.octflow.contracts.records;

import org.octflow.contracts.v1.ErrorCode;

import java.util.Optional;

/**
 * What a dead letter's headers say, as {@link DeadLetters} wrote them: read here once, for the gateway (which scans
 * failed, and why) and the redrive (which letters to send back, and where a cut-down letter's original is).
 *
 * @param code           an {@code ErrorCode} name; {@code ERROR_CODE_UNSPECIFIED} when the letter names none
 * @param reason         for people; a stand-in when the letter gives none
 * @param scanId         the rejected scan, or null when the record could not be parsed
 * @param origin         where the original record was, when the letter says it
 * @param cutDown        true when the letter holds no copy of the original value
 * @param originalSha256 hex sha256 of the original value, on a cut-down letter; else null
 * @param sourceSha256   hex sha256 of the value of the scans record the letter answers; null from older workers
 */
public record DeadLetterHeaders(String code, String reason, String scanId, Optional<RecordOrigin> origin,
                                boolean cutDown, String originalSha256, String sourceSha256) {

    /** True when {@code value} is the original this letter was cut down from (same digest). */
    public boolean isOriginal(byte[] value) {
        return originalSha256 != null && value != null && originalSha256.equals(DeadLetters.sha256(value));
    }

    static DeadLetterHeaders of(org.apache.kafka.common.header.Headers headers) {
        String code = HeaderValues.text(headers, org.octflow.contracts.Headers.ERROR_CODE);
        String reason = HeaderValues.text(headers, org.octflow.contracts.Headers.ERROR_REASON);
        return new DeadLetterHeaders(code == null ? ErrorCode.ERROR_CODE_UNSPECIFIED.name() : code,
                reason == null ? "dead-lettered without a reason" : reason,
                HeaderValues.text(headers, org.octflow.contracts.Headers.ERROR_SCAN_ID),
                RecordOrigin.parse(HeaderValues.text(headers, org.octflow.contracts.Headers.ORIGIN)),
                HeaderValues.text(headers, org.octflow.contracts.Headers.CUT_DOWN) != null,
                HeaderValues.text(headers, org.octflow.contracts.Headers.ORIGINAL_SHA256),
                HeaderValues.text(headers, org.octflow.contracts.Headers.SOURCE_SHA256));
    }
}
