package com.example.paubox.delivery;

import com.example.paubox.system.Linger;
import com.example.paubox.system.ReceiverMetrics;
import jakarta.annotation.PreDestroy;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit for the dispatcher's bookkeeping: the short single-row statements that claim an
 * event or a delivery, and mark it routed, delivered or failed. Statements that threads issue at
 * the same time are run by one writer thread in one transaction (as JDBC batches, one per
 * statement text), and each caller gets its update count once that transaction has committed,
 * so it is as durable as a statement of its own. A delivery takes a few such statements; one
 * commit (one WAL flush) each held the dispatcher to about 200 events per second on the 2-core
 * machine of bench/run.sh.
 *
 * <p>A writer that finds few statements waiting lingers for up to {@code paubox.delivery.bookkeeping-linger}
 * (2 ms) for more before it commits: at a steady 1,000 events/s the statements of an event
 * arrive one by one, and each commit is a WAL flush that PostgreSQL pays for with CPU; lingering
 * took the commits per routed event from 2.6 to about 1 (docs/performance.md).
 *
 * <p>The statements must not depend on each other's order (a caller waits for one, or submits
 * several that are independent) and must not belong to a caller's transaction: they run on the writer's connection. A
 * batch that fails on a constraint or a lock conflict is run again statement by statement, so
 * that only the statement at fault fails; a failure of the database itself fails the batch.
 */
@Component
public class BookkeepingWriter {

    private static final Logger log = LoggerFactory.getLogger(BookkeepingWriter.class);
    /** Statements per transaction at most. */
    private static final int BATCH = 256;
    /** A caller gives up waiting after this; the statement may still commit. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** The driver ran a batch without reporting each statement's update count. */
    private static final class NoUpdateCounts extends RuntimeException {
        NoUpdateCounts() {
            super("no update count from the driver", null, false, false);
        }
    }

    private record Pending(String sql, Object[] args, CompletableFuture<Integer> done) {}

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ReceiverMetrics metrics;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final List<Thread> writers = new ArrayList<>();
    private final long lingerNanos;
    private volatile boolean running = true;

    @Autowired
    public BookkeepingWriter(JdbcTemplate jdbc, TransactionTemplate transaction, ReceiverMetrics metrics,
            DeliveryProperties properties) {
        this(jdbc, transaction, metrics, properties.bookkeepingWriters(), properties.bookkeepingLinger());
    }

    BookkeepingWriter(JdbcTemplate jdbc, TransactionTemplate transaction, ReceiverMetrics metrics, int writerCount) {
        this(jdbc, transaction, metrics, writerCount, Duration.ZERO);
    }

    /**
     * @param writerCount threads writing transactions side by side: one makes the largest groups,
     *     more keep the next group's commit from waiting for the WAL flush of the one before
     * @param linger how long a writer waits for more statements when it has fewer than a batch
     */
    BookkeepingWriter(JdbcTemplate jdbc, TransactionTemplate transaction, ReceiverMetrics metrics, int writerCount,
            Duration linger) {
        this.jdbc = jdbc;
        this.lingerNanos = linger.toNanos();
        this.metrics = metrics;
        this.transaction = transaction;
        for (int i = 1; i <= writerCount; i++) {
            Thread writer = new Thread(this::run, "group-commit-" + i);
            writer.setDaemon(true);
            writers.add(writer);
            writer.start();
        }
    }

    /**
     * Runs an INSERT, UPDATE or DELETE with the next group of statements and returns its update
     * count once committed. Errors are thrown as {@link JdbcTemplate#update(String, Object...)}
     * throws them.
     */
    public int update(String sql, Object... args) {
        return await(submit(sql, args));
    }

    /**
     * Queues a statement for the next group and returns at once: the future completes with its
     * update count once committed, or with the error {@link #update} would throw. Statements a
     * caller submits together must not depend on each other's order.
     */
    public CompletableFuture<Integer> submit(String sql, Object... args) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        if (!running) {
            runAlone(new Pending(sql, args, done));
            return done;
        }
        queue.add(new Pending(sql, args, done));
        return done;
    }

    /** The update count of a submitted statement, once committed; errors as {@link #update} throws them. */
    public int await(CompletableFuture<Integer> done) {
        try {
            return done.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException failed) {
            throw failed.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(failed.getCause());
        } catch (java.util.concurrent.TimeoutException slow) {
            throw new TransientDataAccessResourceException("bookkeeping statement not committed within " + TIMEOUT);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new TransientDataAccessResourceException("interrupted while waiting for a commit", interrupted);
        }
    }

    /** Statements waiting for a writer thread (diagnostics and tests). */
    public int waiting() {
        return queue.size();
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                Linger.fill(queue, batch, BATCH, lingerNanos);
                runTogether(batch);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            } catch (DataIntegrityViolationException | ConcurrencyFailureException | NoUpdateCounts oneAtFault) {
                // Rolled back; run each alone so that only the one at fault fails.
                batch.forEach(this::runAlone);
            } catch (RuntimeException failed) {
                log.warn("Bookkeeping batch of {} not committed: {}", batch.size(), failed.getClass().getSimpleName());
                batch.forEach(pending -> pending.done().completeExceptionally(failed));
            } finally {
                batch.clear();
            }
        }
        for (Pending late; (late = queue.poll()) != null; ) {
            runAlone(late);
        }
    }

    private void runTogether(List<Pending> batch) {
        if (batch.size() == 1) {
            runAlone(batch.get(0));
            return;
        }
        long began = System.nanoTime();
        Map<String, List<Pending>> bySql = new LinkedHashMap<>();
        batch.forEach(pending -> bySql.computeIfAbsent(pending.sql(), sql -> new ArrayList<>()).add(pending));
        List<int[]> counts = transaction.execute(status -> {
            List<int[]> all = new ArrayList<>(bySql.size());
            for (Map.Entry<String, List<Pending>> group : bySql.entrySet()) {
                int[] updated = jdbc.batchUpdate(group.getKey(), group.getValue().stream().map(Pending::args).toList());
                for (int count : updated) {
                    if (count == Statement.SUCCESS_NO_INFO || count == Statement.EXECUTE_FAILED) {
                        // A driver that batches without counts (PostgreSQL with reWriteBatchedInserts):
                        // callers need theirs, so this rolls back and each runs alone.
                        throw new NoUpdateCounts();
                    }
                }
                all.add(updated);
            }
            return all;
        });
        metrics.bookkeepingCommit(batch.size(), Duration.ofNanos(System.nanoTime() - began));
        int g = 0;
        for (List<Pending> group : bySql.values()) {
            int[] updated = counts.get(g++);
            for (int i = 0; i < group.size(); i++) {
                group.get(i).done().complete(updated[i]);
            }
        }
    }

    private void runAlone(Pending pending) {
        try {
            pending.done().complete(jdbc.update(pending.sql(), pending.args()));
        } catch (RuntimeException failed) {
            pending.done().completeExceptionally(failed);
        }
    }

    /** On shutdown, once the routes have stopped: commits what is queued; later statements run alone. */
    @PreDestroy
    public void stop() throws InterruptedException {
        running = false;
        for (Thread writer : writers) {
            writer.join(TIMEOUT.toMillis());
        }
    }
}
