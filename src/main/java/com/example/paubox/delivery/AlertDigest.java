package com.example.paubox.delivery;

import com.example.paubox.inbox.PauboxEvent;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * One digest being sent: the alerts of one kind that one sink destination held over a window
 * ({@link Digests}), given to the sink route as the exchange property {@value Digests#DIGEST}.
 *
 * @param id the digest's id ({@code alert_digests.id}; {@code GET /admin/digests/<id>} lists its deliveries)
 * @param sink the delivery name, destination included ({@code slack-alert/clinic-a})
 * @param kind the event name every alert in it has
 * @param from when the window opened
 * @param to when it closed
 * @param alerts the events, oldest first
 * @param ticketIds the open tickets of their recipients, when the sink route has looked them up
 */
public record AlertDigest(long id, String sink, String kind, OffsetDateTime from, OffsetDateTime to, List<PauboxEvent> alerts,
        List<Long> ticketIds) {

    public AlertDigest {
        alerts = List.copyOf(alerts);
        ticketIds = List.copyOf(ticketIds);
    }

    /** This digest with the tickets its alerts opened or counted. */
    public AlertDigest withTickets(List<Long> tickets) {
        return new AlertDigest(id, sink, kind, from, to, alerts, tickets);
    }

    public int size() {
        return alerts.size();
    }
}
