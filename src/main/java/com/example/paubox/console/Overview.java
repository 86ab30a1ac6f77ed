package com.example.paubox.console;

import com.example.paubox.system.SinksHealthIndicator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the console's overview shows, read where the receiver keeps it: the inbox for events, the
 * receiver's own meters for what was answered (since this instance started) and the backlog, and
 * the sinks' health for each sink's state. Counts, times and sink names: no PHI.
 */
@Component
class Overview {

    private final JdbcTemplate jdbc;
    private final MeterRegistry meters;
    private final SinksHealthIndicator sinks;
    private final Clock clock;

    Overview(JdbcTemplate jdbc, MeterRegistry meters, SinksHealthIndicator sinks, Clock clock) {
        this.jdbc = jdbc;
        this.meters = meters;
        this.sinks = sinks;
        this.clock = clock;
    }

    record Snapshot(Map<String, long[]> eventsByKind, Long minutesSinceLastWebhook, long lost, Map<String, Long> refusals,
            long backlogEvents, long backlogDeliveries, Long oldestBacklogMinutes, long deadLetters,
            Map<String, String> sinkStates, OffsetDateTime at) {
    }

    Snapshot now() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        Map<String, long[]> byKind = new TreeMap<>();
        count(now.minusHours(1), byKind, 0);
        count(now.minusDays(1), byKind, 1);
        OffsetDateTime last = jdbc.queryForObject("SELECT MAX(received_at) FROM webhook_events WHERE source = 'webhook'",
                OffsetDateTime.class);
        Map<String, Long> refusals = new TreeMap<>();
        long lost = 0;
        for (Counter counter : meters.find("paubox.webhooks.received").counters()) {
            String outcome = counter.getId().getTag("outcome");
            long n = (long) counter.count();
            if ("unavailable".equals(outcome)) {
                lost += n;
            } else if (outcome != null && outcome.startsWith("rejected-") && n > 0) {
                refusals.merge(outcome.substring("rejected-".length()), n, Long::sum);
            }
        }
        Map<String, String> states = new LinkedHashMap<>();
        Map<String, Object> details = sinks.health().getDetails();
        if (details != null) {
            details.forEach((sink, detail) -> states.put(sink,
                    detail instanceof Map<?, ?> map ? String.valueOf(map.get("state")) : "unknown"));
        }
        double oldest = gauge("paubox.backlog.oldest.seconds");
        return new Snapshot(byKind, last == null ? null : Duration.between(last, now).toMinutes(), lost, refusals,
                (long) gauge("paubox.backlog.events"), (long) gauge("paubox.backlog.deliveries"),
                Double.isNaN(oldest) || oldest <= 0 ? null : (long) (oldest / 60), (long) gauge("paubox.dead.letters"), states, now);
    }

    private void count(OffsetDateTime since, Map<String, long[]> byKind, int column) {
        jdbc.query("SELECT event_name, COUNT(*) FROM webhook_events WHERE received_at > ? GROUP BY event_name", row -> {
            byKind.computeIfAbsent(row.getString(1), kind -> new long[2])[column] = row.getLong(2);
        }, since);
    }

    private double gauge(String name) {
        Gauge gauge = meters.find(name).gauge();
        double value = gauge == null ? Double.NaN : gauge.value();
        return Double.isNaN(value) ? 0 : value;
    }
}
