package org.octflow.dicom;

/**
 * Maps stored values of more than 8 bits to 0..255: modality rescale (slope, intercept), then the file's window
 * (PS3.3 C.11.2.1.2, linear) when it has one, else the frame's own min..max so the whole range stays visible.
 */
record GreyWindow(double slope, double intercept, double center, double width) {

    static GreyWindow of(ImagePixel image, int[] samples) {
        double slope = image.rescaleSlope();
        double intercept = image.rescaleIntercept();
        if (image.windowCenter().isPresent() && image.windowWidth().isPresent()
                && image.windowWidth().getAsDouble() >= 1) {
            return new GreyWindow(slope, intercept, image.windowCenter().getAsDouble(),
                    image.windowWidth().getAsDouble());
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int sample : samples) {
            double value = sample * slope + intercept;
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        // A window of width w spans center +- (w-1)/2 around center - 0.5, so min..max maps to 0..255 exactly.
        return new GreyWindow(slope, intercept, (min + max) / 2 + 0.5, Math.max(1, max - min + 1));
    }

    byte[] apply(int[] samples) {
        byte[] grey = new byte[samples.length];
        double low = center - 0.5 - (width - 1) / 2;
        double high = center - 0.5 + (width - 1) / 2;
        for (int i = 0; i < samples.length; i++) {
            double x = samples[i] * slope + intercept;
            int y;
            if (x <= low) {
                y = 0;
            } else if (x > high) {
                y = 255;
            } else {
                y = (int) Math.round(((x - (center - 0.5)) / (width - 1) + 0.5) * 255);
            }
            grey[i] = (byte) Math.max(0, Math.min(255, y));
        }
        return grey;
    }
}
