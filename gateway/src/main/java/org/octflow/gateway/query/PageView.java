package org.octflow.gateway.query;

import java.util.List;

/** One page of a sorted, filtered list; pages count from 0. */
public record PageView<T>(List<T> items, int page, int size, long totalItems, int totalPages) {
}
