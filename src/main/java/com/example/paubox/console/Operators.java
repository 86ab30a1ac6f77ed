package com.example.paubox.console;

import java.util.regex.Pattern;

/**
 * The name an operator signs in under, as the console's log lines may carry it: a plain name, never
 * an address (no {@code @}: logs carry no address, an operator's included).
 */
final class Operators {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private Operators() {
    }

    /** The name if it is short and plain (letters, digits, {@code . _ -}); otherwise {@code operator}. */
    static String safe(String name) {
        return name != null && SAFE.matcher(name).matches() ? name : "operator";
    }
}
