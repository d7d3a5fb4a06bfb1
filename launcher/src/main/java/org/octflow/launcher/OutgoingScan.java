package org.octflow.launcher;

import org.octflow.contracts.v1.ImageEncoding;

/**
 * One scan to send, as an imaging system would.
 *
 * @param name       where it came from (file name or split/index), for messages
 * @param trueLabel  the class index when known (npz labels or a class folder), else -1
 */
record OutgoingScan(String name, byte[] image, ImageEncoding encoding, int width, int height, int trueLabel) {
}
