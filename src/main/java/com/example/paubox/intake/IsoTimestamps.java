package com.example.paubox.intake;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Reads a payload's {@code time}: ISO-8601 with an offset, as {@link OffsetDateTime#parse}
 * reads it, with a fast path for the form Paubox sends ({@code 2026-11-27T20:27:25.379Z}, or an
 * offset such as {@code +01:00}). {@code OffsetDateTime.parse} goes through
 * {@code DateTimeFormatter}'s general parser and resolver, which cost a webhook more CPU than
 * parsing its whole JSON body; the fast path reads the digits at their fixed places and leaves
 * the checking of ranges (month 13, 30 February, hour 24) to {@link OffsetDateTime#of}, which
 * refuses what the formatter refuses. Any other form goes to {@code OffsetDateTime.parse}, so
 * both paths accept and refuse the same text.
 */
final class IsoTimestamps {

    private static final int SECONDS_END = 19; // "yyyy-MM-ddTHH:mm:ss"

    private IsoTimestamps() {
    }

    /** The time, or {@code null} when the text is not an ISO-8601 date-time with an offset. */
    static OffsetDateTime parse(String text) {
        try {
            OffsetDateTime fast = commonForm(text);
            return fast != null ? fast : OffsetDateTime.parse(text);
        } catch (DateTimeException e) { // DateTimeParseException included
            return null;
        }
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss}, an optional fraction of 1 to 9 digits, then {@code Z} or
     * {@code ±HH:MM}; {@code null} for any other form (which may still be valid ISO-8601).
     *
     * @throws DateTimeException when the form matches but a field is out of range
     */
    static OffsetDateTime commonForm(String text) {
        int length = text.length();
        if (length < SECONDS_END + 1
                || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int at = SECONDS_END;
        int nanos = 0;
        if (text.charAt(at) == '.') {
            int start = ++at;
            while (at < length && at - start < 10 && isDigit(text.charAt(at))) {
                at++;
            }
            int count = at - start;
            if (count == 0 || count > 9) {
                return null;
            }
            nanos = digits(text, start, count);
            for (int i = count; i < 9; i++) {
                nanos *= 10;
            }
        }
        ZoneOffset offset = offset(text, at);
        if (offset == null) {
            return null;
        }
        return OffsetDateTime.of(year, month, day, hour, minute, second, nanos, offset);
    }

    private static ZoneOffset offset(String text, int at) {
        int rest = text.length() - at;
        if (rest == 1 && text.charAt(at) == 'Z') {
            return ZoneOffset.UTC;
        }
        char sign = rest == 6 ? text.charAt(at) : 0;
        if ((sign != '+' && sign != '-') || text.charAt(at + 3) != ':') {
            return null;
        }
        int hours = digits(text, at + 1, 2);
        int minutes = digits(text, at + 4, 2);
        if ((hours | minutes) < 0) {
            return null;
        }
        return sign == '+' ? ZoneOffset.ofHoursMinutes(hours, minutes) : ZoneOffset.ofHoursMinutes(-hours, -minutes);
    }

    /** The number the {@code count} ASCII digits at {@code start} make, or -1 if one is not a digit. */
    private static int digits(String text, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
