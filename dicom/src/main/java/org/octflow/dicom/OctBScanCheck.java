package org.octflow.dicom;

/**
 * Decides whether a DICOM object is OCT B-scan input for the classifier: an Ophthalmic Tomography Image with Pixel
 * Data. Photographs, raw data, reports and OCT analysis objects (which carry no B-scan pixels) are refused by name.
 */
public final class OctBScanCheck {

    /** Passes an OCT B-scan object; otherwise says which SOP class arrived and why it is not classified. */
    public void require(DicomInstance instance) throws DicomException {
        String uid = instance.sopClassUid();
        if (!SopClass.OPHTHALMIC_TOMOGRAPHY_IMAGE.uid().equals(uid)) {
            throw new DicomException(DicomException.Kind.NOT_AN_OCT_BSCAN, "not an OCT B-scan: "
                    + SopClass.describe(uid) + "; only "
                    + SopClass.describe(SopClass.OPHTHALMIC_TOMOGRAPHY_IMAGE.uid()) + " objects are classified");
        }
        if (!instance.hasPixelData()) {
            throw new DicomException(DicomException.Kind.NO_PIXEL_DATA, "not an OCT B-scan: this "
                    + SopClass.describe(uid)
                    + " has no Pixel Data (7FE0,0010)");
        }
    }
}
