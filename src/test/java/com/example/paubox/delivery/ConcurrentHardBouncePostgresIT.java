package com.example.paubox.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.Postgres;
import com.example.paubox.support.ReceiverITSupport;
import com.example.paubox.support.Webhooks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Hard bounces to one address posted at the same moment, routed side by side on PostgreSQL: they
 * race to open the recipient's ticket, and all count on the one that wins.
 */
class ConcurrentHardBouncePostgresIT extends ReceiverITSupport {

    private static final String SCHEMA = "paubox_bounce_race";
    private static final int AT_ONCE = 16;

    @BeforeAll
    static void postgresIsReachable() {
        Postgres.assumeReachable(SCHEMA);
    }

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        Postgres.register(registry, SCHEMA);
    }

    @Test
    void simultaneousHardBouncesToOneAddressEndOnOneTicketCountingThemAll() throws Exception {
        CyclicBarrier together = new CyclicBarrier(AT_ONCE);
        ExecutorService clients = Executors.newFixedThreadPool(AT_ONCE);
        try {
            List<CompletableFuture<Integer>> posted = new ArrayList<>();
            for (int i = 0; i < AT_ONCE; i++) {
                String event = Webhooks.event("api_mail_log_permanent_failure", Webhooks.nextId(), "same@patient.example.net");
                posted.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        together.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return webhooks.post(event).statusCode();
                }, clients));
            }
            for (CompletableFuture<Integer> status : posted) {
                assertThat(status.get()).isEqualTo(200);
            }
        } finally {
            clients.shutdownNow();
        }

        // Every sink done, Slack's alerts too: none may reach the shared Slack peer after this test.
        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("SELECT COUNT(*) FROM deliveries WHERE status IN ('DELIVERED', 'DEAD')") == 2 * AT_ONCE);
        assertThat(jdbc.queryForList("SELECT status, occurrences FROM tickets WHERE recipient = 'same@patient.example.net'"))
                .singleElement()
                .satisfies(ticket -> {
                    assertThat(ticket.get("status")).isEqualTo("OPEN");
                    assertThat(ticket.get("occurrences")).isEqualTo(AT_ONCE);
                });
        assertThat(count("SELECT COUNT(*) FROM deliveries WHERE status = 'DEAD'")).as("dead deliveries").isZero();
    }
}
