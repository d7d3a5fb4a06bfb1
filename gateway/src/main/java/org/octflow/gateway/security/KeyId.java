package org.octflow.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names an API key without giving it away: the SHA-256 of the key. Rate limits are kept per {@code KeyId}, and
 * metrics show only its first 8 hex digits, so neither memory nor a dashboard holds a usable key.
 */
public record KeyId(String hex) {

    public static KeyId of(String key) {
        return new KeyId(HexFormat.of().formatHex(sha256(key.trim())));
    }

    /** Enough to tell a handful of configured keys apart on a dashboard; useless for guessing the key. */
    public String shortForm() {
        return hex.substring(0, 8);
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
