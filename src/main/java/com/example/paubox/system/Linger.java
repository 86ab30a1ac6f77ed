package com.example.paubox.system;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The wait of a group-commit writer (the inbox's and the bookkeeping's) for more work before it
 * commits: at a steady rate the work arrives one item at a time, and each commit is a WAL flush
 * that costs the database more CPU than the rows it carries.
 */
public final class Linger {

    private Linger() {
    }

    /**
     * Adds to {@code batch} what arrives on {@code queue} within {@code nanos}, until the batch
     * holds {@code max}; returns as soon as the time is up, or at once when {@code nanos} is 0.
     */
    public static <T> void fill(BlockingQueue<T> queue, List<T> batch, int max, long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        for (long left = nanos; left > 0 && batch.size() < max; left = deadline - System.nanoTime()) {
            T next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            batch.add(next);
            queue.drainTo(batch, max - batch.size());
        }
    }
}
