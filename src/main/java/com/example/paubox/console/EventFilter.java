package com.example.paubox.console;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * A console filter over events, from the page's query string: status, kind, sender domain and a
 * time range (UTC), each checked before it reaches SQL (as a parameter, never as text). Nothing
 * in it is PHI: the sender's domain is the sending organisation's.
 */
record EventFilter(String status, String kind, String domain, String from, String to) {

    static final Set<String> STATUSES = Set.of("RECEIVED", "ROUTING", "DISPATCHED", "UNROUTED");
    private static final Pattern KIND = Pattern.compile("[a-z_]{1,100}");
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9.-]{1,255}");

    EventFilter {
        status = blankToNull(status);
        kind = blankToNull(kind);
        domain = blankToNull(domain) == null ? null : domain.trim().toLowerCase(java.util.Locale.ROOT);
        from = blankToNull(from);
        to = blankToNull(to);
        if (status != null && !STATUSES.contains(status)) {
            throw bad("status is one of " + STATUSES);
        }
        if (kind != null && !KIND.matcher(kind).matches()) {
            throw bad("a kind is an event_name: lower-case letters and _");
        }
        if (domain != null && !DOMAIN.matcher(domain).matches()) {
            throw bad("a sender domain is letters, digits, '.' and '-'");
        }
        time(from);
        time(to);
    }

    /** The WHERE conditions (on webhook_events aliased {@code e}) and their parameters, appended. */
    void where(StringBuilder sql, List<Object> args) {
        if (status != null) {
            sql.append(" AND e.status = ?");
            args.add(status);
        }
        if (kind != null) {
            sql.append(" AND e.event_name = ?");
            args.add(kind);
        }
        if (domain != null) {
            sql.append(" AND e.sender_domain = ?");
            args.add(domain);
        }
        if (from != null) {
            sql.append(" AND e.received_at >= ?");
            args.add(time(from));
        }
        if (to != null) {
            sql.append(" AND e.received_at < ?");
            args.add(time(to));
        }
    }

    private static OffsetDateTime time(String local) {
        if (local == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(local).atOffset(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw bad("a time is yyyy-MM-ddTHH:mm, UTC");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static ResponseStatusException bad(String reason) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, reason);
    }
}
