package org.octflow.dicom;

import java.awt.image.BufferedImage;

/** One B-scan of an OCT volume: its 8-bit grey image and where it came from. */
public record BScan(ScanOrigin origin, BufferedImage image) {
}
