package org.octflow.gateway.security;

import java.util.Set;

/**
 * What an API key may do. Submitters submit scans and read results; readers read results and see previews; reviewers
 * do what readers do and review (confirm or correct a model's label). Only reviewers review: a submitter is an imaging
 * system or an uploading clinic, not a clinician signing off a result; and it has no need to read images back.
 * Imaging keys store DICOM by STOW-RS and do nothing else: a PACS or DICOM router that forwards whole studies (patient
 * name and id included) gets no window onto results, and a submitter key, which reads every result, cannot send
 * DICOM. A system that should do both gets both keys (or one key listed under both roles).
 */
public enum Role {
    SUBMITTER(Set.of(Access.READ, Access.SUBMIT)),
    READER(Set.of(Access.READ, Access.PREVIEW)),
    REVIEWER(Set.of(Access.READ, Access.PREVIEW, Access.REVIEW)),
    IMAGING(Set.of(Access.STORE_DICOM));

    private final Set<Access> allowed;

    Role(Set<Access> allowed) {
        this.allowed = allowed;
    }

    public boolean may(Access access) {
        return allowed.contains(access);
    }

    /** The role a refusal names as the one to ask for. */
    public static Role grantingOnly(Access access) {
        return switch (access) {
            case READ, PREVIEW -> READER;
            case SUBMIT -> SUBMITTER;
            case REVIEW -> REVIEWER;
            case STORE_DICOM -> IMAGING;
        };
    }
}
