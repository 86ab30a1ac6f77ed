package com.example.paubox.notify;

/** How a notification shows the recipient's address; chosen per sink, logged at startup. */
public enum RecipientDisplay {
    /** {@code j***@example.com}: the default, the minimum necessary. */
    MASKED,
    /**
     * {@code #3f2a9c1b0d4e@example.com}: a keyed pseudonym ({@link RecipientHasher}) to match
     * alerts up; stable while {@code RECIPIENT_HASH_KEY} stays the same (not anonymous: the domain shows).
     */
    HASHED,
    /** The whole address: only where the readers are allowed to see PHI. */
    FULL;

    public String show(String address, RecipientHasher hasher) {
        return switch (this) {
            case MASKED -> RecipientMasking.mask(address);
            case HASHED -> hasher.hash(address);
            case FULL -> address == null ? "(none)" : address;
        };
    }
}
