package org.octflow.gateway.report;

/** An exam that exists but cannot be reported (yet): answered 409 with what is missing. */
public class ReportUnavailable extends RuntimeException {
    public ReportUnavailable(String message) {
        super(message);
    }
}
