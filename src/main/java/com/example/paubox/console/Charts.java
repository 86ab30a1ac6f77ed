package com.example.paubox.console;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * The console's chart page: webhooks per kind over the last hour (per minute), day (per hour) or
 * week (per day), drawn as stacked bars (SVG computed here, so the page needs no script), and the
 * hard-bounce rate per sender domain. Both with their numbers as tables. Times in UTC.
 */
@Component
class Charts {

    static final String HARD_BOUNCE = "api_mail_log_permanent_failure";
    static final int WIDTH = 720;
    static final int HEIGHT = 200;

    enum Range {
        HOUR(ChronoUnit.MINUTES, "minute", 60, "HH:mm"),
        DAY(ChronoUnit.HOURS, "hour", 24, "HH:00"),
        WEEK(ChronoUnit.DAYS, "day", 7, "MM-dd");

        final ChronoUnit unit;
        final String sqlUnit;
        final int buckets;
        final String label;

        Range(ChronoUnit unit, String sqlUnit, int buckets, String label) {
            this.unit = unit;
            this.sqlUnit = sqlUnit;
            this.buckets = buckets;
            this.label = label;
        }

        static Range of(String name) {
            try {
                return name == null || name.isBlank() ? DAY : valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "range is hour, day or week");
            }
        }
    }

    record Bar(int x, int y, int width, int height, String kind, String title) {
    }

    record Row(OffsetDateTime bucket, Map<String, Long> counts) {
    }

    record DomainRate(String domain, long messages, long hardBounces, double percent, int barWidth) {
    }

    record Chart(Range range, List<String> kinds, List<Row> rows, List<Bar> bars, long max, List<DomainRate> domains) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    Charts(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Chart chart(Range range) {
        OffsetDateTime last = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(range.unit);
        OffsetDateTime first = last.minus(range.buckets - 1L, range.unit);
        Map<Long, Map<String, Long>> counts = new HashMap<>();
        TreeMap<String, Boolean> kinds = new TreeMap<>();
        jdbc.query("SELECT event_name, DATE_TRUNC('" + range.sqlUnit + "', received_at), COUNT(*) FROM webhook_events"
                + " WHERE received_at >= ? AND source = 'webhook' GROUP BY event_name, DATE_TRUNC('" + range.sqlUnit + "', received_at)",
                row -> {
                    OffsetDateTime bucket = row.getObject(2, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(range.unit);
                    counts.computeIfAbsent(bucket.toEpochSecond(), b -> new TreeMap<>()).merge(row.getString(1), row.getLong(3), Long::sum);
                    kinds.put(row.getString(1), true);
                }, first);
        List<Row> rows = new ArrayList<>();
        long max = 1;
        for (int i = 0; i < range.buckets; i++) {
            OffsetDateTime bucket = first.plus(i, range.unit);
            Map<String, Long> inBucket = counts.getOrDefault(bucket.toEpochSecond(), Map.of());
            rows.add(new Row(bucket, inBucket));
            max = Math.max(max, inBucket.values().stream().mapToLong(Long::longValue).sum());
        }
        List<Bar> bars = new ArrayList<>();
        int slot = WIDTH / range.buckets;
        for (int i = 0; i < rows.size(); i++) {
            int top = HEIGHT;
            for (String kind : kinds.keySet()) {
                long n = rows.get(i).counts().getOrDefault(kind, 0L);
                if (n == 0) {
                    continue;
                }
                int height = (int) Math.max(1, Math.round((double) n * HEIGHT / max));
                top -= height;
                bars.add(new Bar(i * slot + 1, top, Math.max(1, slot - 2), height, kind,
                        kind + ": " + n + " at " + rows.get(i).bucket().toLocalDateTime()));
            }
        }
        return new Chart(range, List.copyOf(kinds.keySet()), rows, bars, max, domains(first));
    }

    private List<DomainRate> domains(OffsetDateTime since) {
        List<DomainRate> rates = new ArrayList<>();
        jdbc.query("""
                SELECT sender_domain, COUNT(DISTINCT paubox_message_id),
                       COUNT(DISTINCT CASE WHEN event_name = ? THEN paubox_message_id END)
                FROM webhook_events WHERE received_at >= ? AND sender_domain IS NOT NULL
                GROUP BY sender_domain ORDER BY 3 DESC, 2 DESC LIMIT 20""", row -> {
            long messages = row.getLong(2);
            long bounced = row.getLong(3);
            double percent = messages == 0 ? 0 : 100.0 * bounced / messages;
            rates.add(new DomainRate(row.getString(1), messages, bounced, Math.round(percent * 10) / 10.0,
                    (int) Math.round(percent * 3)));
        }, HARD_BOUNCE, since);
        return rates;
    }
}
