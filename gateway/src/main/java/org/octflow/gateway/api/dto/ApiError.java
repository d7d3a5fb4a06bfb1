package org.octflow.gateway.api.dto;

/** Every 4xx the API answers itself: the status, its name, and what to do about it. */
public record ApiError(int status, String error, String message) {
}
