package org.octflow.gateway.security;

/** What an API key may do: submitters submit and read, readers only read. */
public enum Role {
    SUBMITTER, READER;

    public boolean mayWrite() {
        return this == SUBMITTER;
    }
}
