package org.octflow.gateway.dicomweb;

/** One instance of a STOW-RS request is not stored; unchecked, so its transaction rolls back. */
final class InstanceRefused extends RuntimeException {
    private final FailureReason reason;

    InstanceRefused(FailureReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    FailureReason reason() {
        return reason;
    }
}
