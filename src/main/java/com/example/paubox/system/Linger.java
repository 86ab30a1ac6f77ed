package com.example.paubox.system;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The wait of a group-commit writer (the inbox's and the bookkeeping's) for more work before it
 * commits: at a steady rate the work arrives one item at a time, and each commit is a WAL flush
 * that costs the database more CPU than the rows it carries.
 */
public final class Linger {

    private Linger() {
    }

    /**
     * Adds to {@code batch}, up to {@code max} items, what arrives on {@code queue} within
     * {@code nanos}; at once when {@code nanos} is 0 or the queue already holds enough to fill
     * the batch.
     *
     * <p>One timed wait, then one drain: a writer that waited on the queue itself was woken by
     * every item that arrived during its linger, to wait again for the rest of it (under load,
     * about a sixth of the inbox writer's time in an async-profiler run went to those wake-ups).
     * Both commit when the linger is up, so the batches are the same, but for one that fills up
     * within the linger (128 webhooks within the inbox's 1 ms), which now waits for the rest of it.
     */
    public static <T> void fill(BlockingQueue<T> queue, List<T> batch, int max, long nanos) throws InterruptedException {
        if (nanos > 0 && batch.size() + queue.size() < max) {
            // parkNanos, not Thread.sleep: Java 17 rounds a sleep of less than a millisecond up to one.
            long deadline = System.nanoTime() + nanos;
            for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
                LockSupport.parkNanos(left);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        }
        if (batch.size() < max) {
            queue.drainTo(batch, max - batch.size());
        }
    }
}
