package org.octflow.gateway.query;

import java.time.LocalDate;
import java.util.List;

/**
 * Model against reviewer, per model version: what a clinical lead checks before trusting a version. Only each scan's
 * latest review counts.
 *
 * @param reviewShare       of the version's predictions, the share the model sent to review
 * @param reviewed          of the scans it sent to review, how many a reviewer has answered
 * @param agreement         of those, the share where the reviewer kept the model's label
 * @param perClass          the same per class, over reviews of scans the model sent to review
 * @param spotCheckAccuracy of auto-accepted (DONE) scans a reviewer spot-checked, the share the model had right: the
 *                          accuracy of what the model decides alone, as far as spot checks measure it
 * @param byDay             predictions and the share sent to review per UTC day, oldest first
 */
public record AgreementView(String modelName, String modelVersion, Proportion reviewShare, Proportion reviewed,
                            Proportion agreement, List<ClassAgreement> perClass, Proportion spotCheckAccuracy,
                            List<DayShare> byDay) {

    /**
     * @param kept  of the reviewed scans the model called {@code label}, the share the reviewer kept (precision-like)
     * @param found of the reviewed scans the reviewer called {@code label}, the share the model had called so
     *              (recall-like)
     */
    public record ClassAgreement(String label, Proportion kept, Proportion found) {
    }

    public record DayShare(LocalDate day, long predicted, long sentToReview) {
    }
}
