package com.example.paubox.notify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Shortens addresses to what a notification may show: {@code j***@example.com}, a hash, or the domain. */
public final class RecipientMasking {

    private RecipientMasking() {
    }

    /** {@code john@example.com} becomes {@code j***@example.com}; anything unreadable {@code ***}. */
    public static String mask(String address) {
        if (address == null) {
            return "(none)";
        }
        int at = address.lastIndexOf('@');
        if (at < 1 || at == address.length() - 1) {
            return "***";
        }
        return address.charAt(0) + "***@" + address.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    /** {@code #} and 12 hex digits of the address's SHA-256, then {@code @domain}. */
    public static String hash(String address) {
        if (address == null) {
            return "(none)";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(address.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            String hex = HexFormat.of().formatHex(digest, 0, 6);
            int at = address.lastIndexOf('@');
            return "#" + hex + (at < 0 ? "" : "@" + address.substring(at + 1).toLowerCase(Locale.ROOT));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** The part after the last {@code @}, or {@code (unknown)}. */
    public static String domain(String address) {
        if (address == null) {
            return "(unknown)";
        }
        int at = address.lastIndexOf('@');
        return at < 0 || at == address.length() - 1 ? "(unknown)" : address.substring(at + 1).toLowerCase(Locale.ROOT);
    }
}
