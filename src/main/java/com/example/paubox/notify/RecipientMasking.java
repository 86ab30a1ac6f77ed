package com.example.paubox.notify;

import java.util.Locale;

/** Shortens addresses to what a notification may show: {@code j***@example.com} or the domain (the hash: {@link RecipientHasher}). */
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

    /** The part after the last {@code @}, or {@code (unknown)}. */
    public static String domain(String address) {
        if (address == null) {
            return "(unknown)";
        }
        int at = address.lastIndexOf('@');
        return at < 0 || at == address.length() - 1 ? "(unknown)" : address.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    /**
     * A value fit to be put as it is into JSON, HTML, Slack or a log line: each character but
     * letters, digits and {@code . - _ * @ + ( )} becomes {@code ?}. Domains and masked addresses
     * of real mail keep their look; a hostile payload cannot break out of a string.
     */
    public static String plain(String value) {
        StringBuilder plain = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean keep = c < 128 && (Character.isLetterOrDigit(c) || ".-_*@+()".indexOf(c) >= 0);
            plain.append(keep ? c : '?');
        }
        return plain.toString();
    }
}
