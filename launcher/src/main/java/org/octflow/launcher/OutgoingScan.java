package org.octflow.launcher;

import org.octflow.contracts.v1.ImageEncoding;

/**
 * One scan to send, as an imaging system would.
 *
 * @param name       where it came from (file name or split/index), for messages
 * @param trueLabel  the class index when known (npz labels or a class folder), else -1
 * @param examId     the exam it belongs to, "" for none
 */
record OutgoingScan(String name, byte[] image, ImageEncoding encoding, int width, int height, int trueLabel,
                    String examId) {

    OutgoingScan(String name, byte[] image, ImageEncoding encoding, int width, int height, int trueLabel) {
        this(name, image, encoding, width, height, trueLabel, "");
    }

    OutgoingScan inExam(String exam) {
        return new OutgoingScan(name, image, encoding, width, height, trueLabel, exam);
    }
}
