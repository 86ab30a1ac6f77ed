package com.example.paubox.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.paubox.support.DispatchedEvents;
import com.example.paubox.support.RouteTestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Route {@code ticket-store} against the real ticket table (H2), with several hard bounces to one
 * address arriving at the same moment: they race between counting on an open ticket and opening one.
 */
class TicketStoreRaceTests extends RouteTestSupport {

    private static final int AT_ONCE = 8;
    private static final int ROUNDS = 10;

    @Override
    protected void advise() {
        // The real route, unchanged.
    }

    @BeforeEach
    void freshTables() {
        jdbc.update("DELETE FROM deliveries");
        jdbc.update("DELETE FROM tickets");
    }

    @Test
    void simultaneousHardBouncesToOneAddressCountOnOneTicket() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(AT_ONCE);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String recipient = "race" + round + "@patient.example.net";
                List<Exchange> bounces = new ArrayList<>();
                for (int i = 0; i < AT_ONCE; i++) {
                    bounces.add(events.stored("api_mail_log_permanent_failure", recipient));
                }
                CyclicBarrier together = new CyclicBarrier(AT_ONCE);
                List<Future<Exchange>> sent = new ArrayList<>();
                for (Exchange bounce : bounces) {
                    sent.add(threads.submit(() -> {
                        together.await();
                        return template.send("direct:sink-delivery", DispatchedEvents.to("ticket-store", bounce));
                    }));
                }
                for (Future<Exchange> done : sent) {
                    done.get(30, TimeUnit.SECONDS);
                }
                assertThat(jdbc.queryForList("SELECT status, occurrences FROM tickets WHERE recipient = ?", recipient))
                        .as("round %d", round)
                        .singleElement()
                        .satisfies(ticket -> {
                            assertThat(ticket.get("status")).isEqualTo("OPEN");
                            assertThat(ticket.get("occurrences")).isEqualTo(AT_ONCE);
                        });
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(jdbc.queryForList("SELECT status FROM deliveries WHERE sink = 'ticket-store'", String.class))
                .hasSize(AT_ONCE * ROUNDS)
                .containsOnly("DELIVERED");
    }
}
