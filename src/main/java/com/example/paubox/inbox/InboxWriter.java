package com.example.paubox.inbox;

import com.example.paubox.system.ReceiverMetrics;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
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
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit for the inbox: webhooks that arrive together are written in one JDBC batch and one
 * transaction by a single writer thread, and each request is answered once the transaction that
 * holds its row has committed. Under load a commit carries dozens of rows instead of one, so
 * durability costs a fraction of a round trip and of a WAL flush per webhook.
 *
 * <p>A row the request will hand straight to the dispatcher goes in already claimed for routing
 * by this instance (status {@code ROUTING}, with a lease; if this process dies first, the lease
 * runs out and the sweeper routes it); the others go in {@code RECEIVED}, for the sweeper.
 */
class InboxWriter {

    private static final Logger log = LoggerFactory.getLogger(InboxWriter.class);

    // A key already stored (or earlier in the same batch) inserts nothing: update count 0. Plain SQL,
    // for every database. Only another instance committing the same key at the same moment makes
    // the batch fail on the unique key; it is then written again row by row.
    private static final String INSERT = """
            INSERT INTO webhook_events (event_key, event_name, paubox_message_id, status, claimed_by, lease_expires_at,
                raw_body, received_at, updated_at)
            SELECT ?, ?, ?, ?, ?, CAST(? AS TIMESTAMP WITH TIME ZONE), ?, ?, ?
            WHERE NOT EXISTS (SELECT 1 FROM webhook_events WHERE event_key = ?)""";
    private static final String FIND_BY_KEY = "SELECT id FROM webhook_events WHERE event_key = ?";

    /** Where a webhook's row ended up: its inbox id, and whether it was there already. */
    record Stored(long id, boolean duplicate) {}

    private record Write(PauboxEvent event, boolean claim, OffsetDateTime receivedAt, CompletableFuture<Stored> done) {}

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final String owner;
    private final Duration lease;
    private final Clock clock;
    private final ReceiverMetrics metrics;
    private final int batchSize;
    private final Duration timeout;
    private final BlockingQueue<Write> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    InboxWriter(JdbcTemplate jdbc, TransactionTemplate transaction, String owner, Duration lease, Clock clock,
            ReceiverMetrics metrics, InboxProperties properties) {
        this.metrics = metrics;
        this.clock = clock;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.owner = owner;
        this.lease = lease;
        this.batchSize = properties.batchSize();
        this.timeout = properties.writeTimeout();
        this.thread = new Thread(this::run, "inbox-writer");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
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
                queue.drainTo(batch, batchSize - 1);
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
        OffsetDateTime leaseEnd = OffsetDateTime.now(clock).plus(lease);
        List<Stored> stored = transaction.execute(status -> {
            GeneratedKeyHolder keys = new GeneratedKeyHolder();
            int[] inserted = jdbc.batchUpdate(connection -> connection.prepareStatement(INSERT, new String[] {"id"}),
                    new BatchPreparedStatementSetter() {
                        @Override
                        public void setValues(PreparedStatement insert, int i) throws SQLException {
                            Write write = batch.get(i);
                            insert.setString(1, write.event().eventKey());
                            insert.setString(2, write.event().eventName());
                            insert.setString(3, write.event().pauboxMessageId());
                            insert.setString(4, write.claim() ? "ROUTING" : "RECEIVED");
                            insert.setString(5, write.claim() ? owner : null);
                            if (write.claim()) {
                                insert.setObject(6, leaseEnd);
                            } else {
                                insert.setNull(6, Types.TIMESTAMP_WITH_TIMEZONE);
                            }
                            insert.setString(7, write.event().rawBody());
                            insert.setObject(8, write.receivedAt());
                            insert.setObject(9, write.receivedAt());
                            insert.setString(10, write.event().eventKey());
                        }

                        @Override
                        public int getBatchSize() {
                            return batch.size();
                        }
                    }, keys);
            return results(batch, inserted, keys.getKeyList());
        });
        metrics.inboxCommit(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(stored.get(i));
        }
    }

    /** Pairs the generated ids, one per inserted row in batch order, with the batch; looks up duplicates. */
    private List<Stored> results(List<Write> batch, int[] inserted, List<Map<String, Object>> keys) {
        List<Stored> results = new ArrayList<>(batch.size());
        int next = 0;
        for (int i = 0; i < batch.size(); i++) {
            if (inserted[i] == 1) {
                // One generated column was asked for (id); drivers differ in how they spell its name.
                results.add(new Stored(((Number) keys.get(next++).values().iterator().next()).longValue(), false));
            } else {
                Long existing = jdbc.queryForObject(FIND_BY_KEY, Long.class, batch.get(i).event().eventKey());
                results.add(new Stored(existing, true));
            }
        }
        return results;
    }

    /** On shutdown, after the web server has stopped taking requests: writes what is queued, then stops. */
    void stop() throws InterruptedException {
        running = false;
        thread.join(timeout.toMillis());
    }
}
