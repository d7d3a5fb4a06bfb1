package org.octflow.gateway.api.dto;

/**
 * A reviewer's verdict on one scan's prediction.
 *
 * @param label    the final label: the model's to confirm it, another of the model's classes to correct it
 * @param note     optional free text (at most 2,000 characters); may hold patient data, so it is never logged
 * @param reviewer optional name or initials of the reviewer (at most 100 characters): keys are per role, so this is
 *                 the only "who" beyond the key
 */
public record ReviewRequest(String label, String note, String reviewer) {
}
