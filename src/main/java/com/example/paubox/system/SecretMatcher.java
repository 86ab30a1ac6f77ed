package com.example.paubox.system;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.List;

/**
 * Compares a presented secret with the configured ones in constant time: both sides are hashed to
 * the same length and compared with {@link MessageDigest#isEqual}, and every configured secret is
 * compared, so the time taken says nothing about how much of the secret was right.
 */
public final class SecretMatcher {

    private final List<byte[]> digests;

    public SecretMatcher(Collection<String> secrets) {
        this.digests = secrets.stream().map(SecretMatcher::digest).toList();
    }

    private static final String BEARER = "Bearer ";

    /** The token of an {@code Authorization: Bearer <token>} header (scheme case-insensitive), or null. */
    public static String bearerToken(Object authorization) {
        return authorization instanceof String header && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? header.substring(BEARER.length()) : null;
    }

    public boolean isEmpty() {
        return digests.isEmpty();
    }

    public boolean matches(String presented) {
        if (presented == null) {
            return false;
        }
        byte[] candidate = digest(presented);
        boolean match = false;
        for (byte[] known : digests) {
            match |= MessageDigest.isEqual(candidate, known);
        }
        return match;
    }

    private static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
