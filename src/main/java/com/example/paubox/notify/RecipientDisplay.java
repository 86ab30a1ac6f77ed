package com.example.paubox.notify;

/** How a notification shows the recipient's address; chosen per sink, logged at startup. */
public enum RecipientDisplay {
    /** {@code j***@example.com}: the default, the minimum necessary. */
    MASKED,
    /** {@code #3f2a9c1b0d4e@example.com}: a stable pseudonym to match alerts up (not anonymous). */
    HASHED,
    /** The whole address: only where the readers are allowed to see PHI. */
    FULL;

    public String show(String address) {
        return switch (this) {
            case MASKED -> RecipientMasking.mask(address);
            case HASHED -> RecipientMasking.hash(address);
            case FULL -> address == null ? "(none)" : address;
        };
    }
}
