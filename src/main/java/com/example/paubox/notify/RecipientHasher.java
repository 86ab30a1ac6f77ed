package com.example.paubox.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code hashed} recipient display: {@code #} and 12 hex digits of HMAC-SHA256 of the
 * lower-cased address under a secret key, then {@code @domain}. Keyed, so that whoever reads an
 * alert cannot test a list of patient addresses against it (an unsalted hash could be reversed
 * that way); the same address shows the same pseudonym for as long as the key stays the same.
 */
public final class RecipientHasher {

    /** The least key length accepted: 32 bytes, as long as the HMAC-SHA256 output. */
    public static final int MIN_KEY_BYTES = 32;

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    public RecipientHasher(byte[] key) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the recipient hash key must be at least " + MIN_KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** With a key made for this process alone: pseudonyms change at every restart. */
    public static RecipientHasher random() {
        byte[] key = new byte[MIN_KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return new RecipientHasher(key);
    }

    /** From the configured key (its UTF-8 bytes), or a per-process one when it is blank. */
    public static RecipientHasher of(String configuredKey) {
        return configuredKey == null || configuredKey.isBlank()
                ? random() : new RecipientHasher(configuredKey.getBytes(StandardCharsets.UTF_8));
    }

    public String hash(String address) {
        if (address == null) {
            return "(none)";
        }
        byte[] digest = macs.get().doFinal(address.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
        int at = address.lastIndexOf('@');
        return "#" + HexFormat.of().formatHex(digest, 0, 6) + (at < 0 ? "" : "@" + address.substring(at + 1).toLowerCase(Locale.ROOT));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }
}
