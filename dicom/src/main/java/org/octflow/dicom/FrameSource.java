package org.octflow.dicom;

import java.util.Optional;

/** Yields the frames of Pixel Data one at a time from the stream, so a volume is never held whole. */
interface FrameSource {

    /** The next frame, or empty after the last one. */
    Optional<Frame> next() throws DicomException;
}
