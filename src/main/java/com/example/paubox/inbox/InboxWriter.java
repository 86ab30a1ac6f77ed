package com.example.paubox.inbox;

import com.example.paubox.notify.RecipientMasking;
import com.example.paubox.system.Linger;
import com.example.paubox.system.ReceiverMetrics;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Group commit for the inbox: webhooks that arrive together are written in one statement and one
 * transaction by a writer thread, and each request is answered once the transaction that
 * holds its row has committed. Under load a commit carries dozens of rows instead of one, so
 * durability costs a fraction of a round trip and of a WAL flush per webhook.
 *
 * <p>A row the request will hand straight to the dispatcher goes in already claimed for routing
 * by this instance (status {@code ROUTING}, with a lease; if this process dies first, the lease
 * runs out and the sweeper routes it); the others go in {@code RECEIVED}, for the sweeper.
 */
class InboxWriter {

    private static final Logger log = LoggerFactory.getLogger(InboxWriter.class);

    // Only another instance committing one of the batch's keys at the same moment makes the
    // insert fail on the unique key; the batch is then written again row by row.
    private static final String FIND_BY_KEY = "SELECT id FROM webhook_events WHERE event_key = ?";

    /** Where a webhook's row ended up: its inbox id, and whether it was there already. */
    record Stored(long id, boolean duplicate) {}

    private record Write(PauboxEvent event, boolean claim, OffsetDateTime receivedAt, CompletableFuture<Stored> done) {}

    private final JdbcTemplate jdbc;
    private final String owner;
    private final Duration lease;
    private final Clock clock;
    private final ReceiverMetrics metrics;
    private final int batchSize;
    private final long lingerNanos;
    /** The batch INSERT for each batch size, built once: index n holds the statement for n rows. */
    private final String[] inserts;
    private final Duration timeout;
    private final BlockingQueue<Write> queue = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    InboxWriter(JdbcTemplate jdbc, String owner, Duration lease, Clock clock,
            ReceiverMetrics metrics, InboxProperties properties) {
        this.metrics = metrics;
        this.clock = clock;
        this.jdbc = jdbc;
        this.owner = owner;
        this.lease = lease;
        this.batchSize = properties.batchSize();
        this.lingerNanos = properties.linger().toNanos();
        this.inserts = new String[batchSize + 1];
        for (int rows = 1; rows <= batchSize; rows++) {
            inserts[rows] = insertOf(rows);
        }
        this.timeout = properties.writeTimeout();
        for (int i = 1; i <= properties.writers(); i++) {
            Thread thread = new Thread(this::run, "inbox-writer-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
    }

    void start() {
        threads.forEach(Thread::start);
    }

    /**
     * Queues the event for the next batch and waits until that batch has committed. A database
     * failure is thrown as it came (a {@code DataAccessException}); no answer here means no row.
     */
    Stored write(PauboxEvent event, boolean claim, OffsetDateTime receivedAt) {
        if (!running) {
            throw new TransientDataAccessResourceException("inbox writer stopped");
        }
        CompletableFuture<Stored> done = new CompletableFuture<>();
        queue.add(new Write(event, claim, receivedAt, done));
        try {
            return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException failed) {
            throw unwrap(failed.getCause());
        } catch (TimeoutException slow) {
            // The row may still be committed later: the event is then routed as usual, but the
            // sender was told 503 and may send it again, which the event key makes a duplicate.
            throw new QueryTimeoutException("inbox write took longer than " + timeout);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new TransientDataAccessResourceException("interrupted while storing a webhook", interrupted);
        }
    }

    /** One insert and one commit for this event alone, on the caller's thread (benchmark mode). */
    Stored writeAlone(PauboxEvent event, boolean claim, OffsetDateTime receivedAt) {
        Write write = new Write(event, claim, receivedAt, new CompletableFuture<>());
        writeOne(write);
        try {
            return write.done().join();
        } catch (CompletionException failed) {
            throw unwrap(failed.getCause());
        }
    }

    /** Writes one row in its own transaction; a key committed meanwhile by another instance is a duplicate. */
    private void writeOne(Write write) {
        try {
            writeBatch(List.of(write));
        } catch (DuplicateKeyException raced) {
            Long existing = jdbc.queryForObject(FIND_BY_KEY, Long.class, write.event().eventKey());
            write.done().complete(new Stored(existing, true));
        } catch (RuntimeException failed) {
            write.done().completeExceptionally(failed);
        }
    }

    /** The domain of {@code payload.from}, lower-cased; null without a sender. */
    static String senderDomain(PauboxEvent event) {
        String domain = RecipientMasking.domain(event.sender());
        return "(unknown)".equals(domain) ? null : domain;
    }

    private static RuntimeException unwrap(Throwable cause) {
        return cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
    }

    private void run() {
        List<Write> batch = new ArrayList<>(batchSize);
        while (running || !queue.isEmpty()) {
            try {
                Write first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                // What has queued, and up to paubox.inbox.linger for more while the batch has room.
                Linger.fill(queue, batch, batchSize, lingerNanos);
                try {
                    writeBatch(batch);
                } catch (DuplicateKeyException raced) {
                    batch.forEach(this::writeOne);
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException failed) {
                // The whole batch was rolled back: every webhook in it is answered 503.
                log.warn("Inbox batch of {} not stored: {}", batch.size(), failed.getClass().getSimpleName());
                batch.forEach(write -> write.done().completeExceptionally(failed));
            } finally {
                batch.clear();
            }
        }
    }

    private void writeBatch(List<Write> batch) {
        long began = System.nanoTime();
        // One row per key: a key sent twice within the batch is written once, the rest are duplicates.
        Map<String, Write> firsts = new LinkedHashMap<>();
        batch.forEach(write -> firsts.putIfAbsent(write.event().eventKey(), write));
        List<Write> rows = List.copyOf(firsts.values());
        OffsetDateTime leaseEnd = OffsetDateTime.now(clock).plus(lease);
        // One statement, so one transaction of its own (auto-commit): all its rows or none, and
        // the commit travels with the statement instead of costing a round trip of its own. A
        // pool set to hand out connections outside auto-commit (an embedding host's choice) gets
        // the commit here; the pool rolls back what a failed statement left.
        Map<String, Long> inserted = jdbc.execute((ConnectionCallback<Map<String, Long>>) connection -> {
            try (PreparedStatement insert = connection.prepareStatement(inserts[rows.size()], new String[] {"id", "event_key"})) {
                int p = 0;
                for (Write write : rows) {
                    insert.setString(++p, write.event().eventKey());
                    insert.setString(++p, write.event().eventName());
                    insert.setString(++p, write.event().pauboxMessageId());
                    insert.setString(++p, write.claim() ? "ROUTING" : "RECEIVED");
                    insert.setString(++p, write.claim() ? owner : null);
                    if (write.claim()) {
                        insert.setObject(++p, leaseEnd);
                    } else {
                        insert.setNull(++p, Types.TIMESTAMP_WITH_TIMEZONE);
                    }
                    insert.setString(++p, write.event().rawBody());
                    insert.setObject(++p, write.receivedAt());
                    insert.setString(++p, senderDomain(write.event()));
                }
                insert.executeUpdate();
                Map<String, Long> ids = new HashMap<>();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    while (keys.next()) {
                        ids.put(keys.getString("event_key"), keys.getLong("id"));
                    }
                }
                if (!connection.getAutoCommit()) {
                    connection.commit();
                }
                return ids;
            }
        });
        metrics.inboxCommit(rows.size(), Duration.ofNanos(System.nanoTime() - began));
        Map<String, Long> existing = new HashMap<>();
        for (Write write : batch) {
            String key = write.event().eventKey();
            Long id = inserted.get(key);
            if (id != null && firsts.get(key) == write) {
                write.done().complete(new Stored(id, false));
            } else {
                long stored = id != null ? id : existing.computeIfAbsent(key, k -> jdbc.queryForObject(FIND_BY_KEY, Long.class, k));
                write.done().complete(new Stored(stored, true));
            }
        }
    }

    /**
     * One statement for the whole batch: the rows whose key is not stored yet are inserted, and
     * their ids and keys come back as generated keys. Plain SQL, for every database.
     */
    private static String insertOf(int rows) {
        String row = "(?, ?, ?, ?, ?, CAST(? AS TIMESTAMP WITH TIME ZONE), ?, CAST(? AS TIMESTAMP WITH TIME ZONE), ?)";
        return """
                INSERT INTO webhook_events (event_key, event_name, paubox_message_id, status, claimed_by, lease_expires_at,
                    raw_body, received_at, updated_at, sender_domain)
                SELECT v.k, v.n, v.m, v.s, v.c, v.l, v.b, v.r, v.r, v.d
                FROM (VALUES %s) AS v (k, n, m, s, c, l, b, r, d)
                WHERE NOT EXISTS (SELECT 1 FROM webhook_events w WHERE w.event_key = v.k)"""
                .formatted(String.join(", ", Collections.nCopies(rows, row)));
    }

    /** On shutdown, after the web server has stopped taking requests: writes what is queued, then stops. */
    void stop() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(timeout.toMillis());
        }
    }
}
