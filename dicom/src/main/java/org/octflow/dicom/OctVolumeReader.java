package org.octflow.dicom;

import java.io.InputStream;

/**
 * The ingest entry point: a DICOM stream becomes an OCT volume whose B-scans are read one at a time, or a refusal
 * naming what arrived (a photograph, a report, a transfer syntax not read).
 */
public final class OctVolumeReader {

    private final DicomReader reader;
    private final OctBScanCheck check;
    private final FrameDecoder decoder;

    public OctVolumeReader(DicomReader reader, OctBScanCheck check, FrameDecoder decoder) {
        this.reader = reader;
        this.check = check;
        this.decoder = decoder;
    }

    public OctVolumeReader() {
        this(new DicomReader(), new OctBScanCheck(), new FrameDecoder());
    }

    public OctVolume open(InputStream in) throws DicomException {
        DicomInstance instance = reader.read(in);
        check.require(instance);
        return new OctVolume(instance, decoder);
    }
}
