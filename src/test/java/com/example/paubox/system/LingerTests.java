package com.example.paubox.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LingerTests {

    private final BlockingQueue<Integer> queue = new LinkedBlockingQueue<>();
    private final List<Integer> batch = new ArrayList<>(List.of(0));
    private final ScheduledExecutorService producer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopProducer() {
        producer.shutdownNow();
    }

    @Test
    void whatArrivesWithinTheLingerJoinsTheBatch() throws Exception {
        producer.schedule(() -> queue.add(1), 20, TimeUnit.MILLISECONDS);
        producer.schedule(() -> queue.add(2), 40, TimeUnit.MILLISECONDS);
        producer.schedule(() -> queue.add(3), 400, TimeUnit.MILLISECONDS);

        long began = System.nanoTime();
        Linger.fill(queue, batch, 128, Duration.ofMillis(150).toNanos());

        assertThat(Duration.ofNanos(System.nanoTime() - began)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        assertThat(batch).containsExactly(0, 1, 2);
        assertThat(queue).as("arrived after the linger: left for the next batch").isEmpty();
        assertThat(queue.poll(2, TimeUnit.SECONDS)).isEqualTo(3);
    }

    @Test
    void aQueueThatFillsTheBatchIsTakenAtOnceUpToItsRoom() throws Exception {
        queue.addAll(List.of(1, 2, 3, 4));

        long began = System.nanoTime();
        Linger.fill(queue, batch, 3, Duration.ofSeconds(10).toNanos());

        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(5));
        assertThat(batch).containsExactly(0, 1, 2);
        assertThat(queue).containsExactly(3, 4);
    }

    @Test
    void noLingerTakesWhatIsQueuedAndReturns() throws Exception {
        queue.add(1);

        Linger.fill(queue, batch, 128, 0);

        assertThat(batch).containsExactly(0, 1);
    }

    @Test
    void anInterruptedLingerEndsWithTheInterrupt() {
        Thread.currentThread().interrupt();

        assertThatThrownBy(() -> Linger.fill(queue, batch, 128, Duration.ofSeconds(10).toNanos()))
                .isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).as("the interrupt is reported once, by the exception").isFalse();
    }
}
