package org.octflow.dicom;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * New UIDs under the root 2.25 (PS3.5 B.2): "2.25." and a UUID as one unsigned decimal integer. No registered root
 * is needed and two generators never collide.
 */
public final class DicomUids {

    private static final String ROOT = "2.25.";

    private DicomUids() {
    }

    /** A new, random UID (UUID version 4). */
    public static String random() {
        return of(UUID.randomUUID());
    }

    /** The same UID for the same name every time (UUID version 3 of the name): for identities such as a model. */
    public static String fromName(String name) {
        return of(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)));
    }

    static String of(UUID uuid) {
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits());
        return ROOT + new BigInteger(1, bytes.array());
    }
}
