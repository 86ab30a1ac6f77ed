package com.example.paubox.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast path reads what OffsetDateTime.parse reads, and refuses what it refuses. */
class IsoTimestampsTests {

    @Test
    void readsPauboxsFormOnTheFastPath() {
        OffsetDateTime time = IsoTimestamps.commonForm("2026-11-27T20:27:25.379Z");

        assertThat(time).isEqualTo(OffsetDateTime.of(2026, 11, 27, 20, 27, 25, 379_000_000, ZoneOffset.UTC));
        assertThat(IsoTimestamps.commonForm("2026-11-27T21:27:25+01:00"))
                .isEqualTo(OffsetDateTime.of(2026, 11, 27, 21, 27, 25, 0, ZoneOffset.ofHours(1)));
        assertThat(IsoTimestamps.commonForm("2026-11-27T15:57:25.123456789-04:30"))
                .isEqualTo(OffsetDateTime.of(2026, 11, 27, 15, 57, 25, 123_456_789, ZoneOffset.ofHoursMinutes(-4, -30)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-27T20:27Z", "2026-11-27t20:27:25Z", "2026-11-27T20:27:25.Z",
            "+12026-11-27T20:27:25Z", "2026-11-27T20:27:25+01:00:30", "2026-11-27T20:27:25+01",
            "2026-11-27T20:27:25.1234567890Z", "2026-11-27T20:27:25z"})
    void leavesOtherFormsToTheJdk(String text) {
        assertThat(IsoTimestamps.commonForm(text)).isNull();
        assertThat(IsoTimestamps.parse(text)).isEqualTo(jdk(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z",
            "2026-11-27T24:00:00Z", "2026-11-27T23:60:00Z", "2026-11-27T23:59:60Z", "2026-00-10T00:00:00Z",
            "2026-11-27T20:27:25+18:30", "2026-11-27T20:27:25+01:60", "2026-11-2xT20:27:25Z",
            "2026-11-27T20:27:25", "2026-11-27T20:27:25Q", "2026-11-27 20:27:25Z", "", "yesterday",
            "2026-11-27T20:27:25.379Z ", "2026-11-27T20:27:25.379+0100"})
    void refusesWhatTheJdkRefuses(String text) {
        assertThat(jdk(text)).isNull();
        assertThat(IsoTimestamps.parse(text)).isNull();
    }

    @Test
    void agreesWithTheJdkOnGeneratedText() {
        Random random = new Random(21);
        List<String> disagreements = new ArrayList<>();
        int fast = 0;
        for (int i = 0; i < 200_000; i++) {
            String text = generated(random);
            OffsetDateTime expected = jdk(text);
            OffsetDateTime actual = IsoTimestamps.parse(text);
            if (expected == null ? actual != null : !expected.equals(actual)) {
                disagreements.add(text + " jdk=" + expected + " fast=" + actual);
            }
            if (expected != null && commonFormOrNull(text) != null) {
                fast++;
            }
        }
        assertThat(disagreements).isEmpty();
        assertThat(fast).as("valid texts read on the fast path").isGreaterThan(10_000);
    }

    /** Mostly the common form, with fields now and then out of range or a character out of place. */
    private static String generated(Random random) {
        StringBuilder text = new StringBuilder()
                .append(pad(random.nextInt(10) == 0 ? random.nextInt(10_000) : 1990 + random.nextInt(50), 4)).append('-')
                .append(pad(random.nextInt(14), 2)).append('-')
                .append(pad(random.nextInt(33), 2)).append('T')
                .append(pad(random.nextInt(26), 2)).append(':')
                .append(pad(random.nextInt(62), 2)).append(':')
                .append(pad(random.nextInt(62), 2));
        if (random.nextBoolean()) {
            text.append('.');
            int digits = random.nextInt(11);
            for (int i = 0; i < digits; i++) {
                text.append((char) ('0' + random.nextInt(10)));
            }
        }
        switch (random.nextInt(4)) {
            case 0 -> text.append('Z');
            case 1 -> text.append(random.nextBoolean() ? '+' : '-').append(pad(random.nextInt(20), 2))
                    .append(':').append(pad(random.nextInt(62), 2));
            case 2 -> text.append(random.nextBoolean() ? "+00:00" : "-00:00");
            default -> text.append("Zz+-:0T. ".charAt(random.nextInt(9)));
        }
        if (random.nextInt(20) == 0) {
            text.setCharAt(random.nextInt(text.length()), "0aT:-.+Z ".charAt(random.nextInt(9)));
        }
        return text.toString();
    }

    private static String pad(int value, int width) {
        return String.format("%0" + width + "d", value);
    }

    private static OffsetDateTime commonFormOrNull(String text) {
        try {
            return IsoTimestamps.commonForm(text);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static OffsetDateTime jdk(String text) {
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
