package org.octflow.dataset;

import org.octflow.preprocessing.GreyImage;

/**
 * Square 8-bit grey images with their class labels, stored flat.
 *
 * @param side           image side in pixels
 * @param pixels         count * side * side bytes, image after image
 * @param labels         class index per image
 * @param sourceIndexes  each image's index in its official split, where the file says (else null)
 */
public record LabeledImages(int side, byte[] pixels, int[] labels, long[] sourceIndexes) {

    public int count() {
        return labels.length;
    }

    public GreyImage image(int i) {
        int area = side * side;
        byte[] copy = new byte[area];
        System.arraycopy(pixels, i * area, copy, 0, area);
        return new GreyImage(side, side, copy);
    }

    /** Images per class, indexed by class. */
    public int[] classCounts(int classCount) {
        int[] counts = new int[classCount];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }
}
