package org.octflow.gateway.prediction;

/** One class and its probability, as a worker reported it. */
public record ClassScore(String label, double probability) {
}
