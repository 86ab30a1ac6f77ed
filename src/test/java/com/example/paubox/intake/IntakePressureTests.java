package com.example.paubox.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.example.paubox.inbox.InboxProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Intake first, and its limits: on a real Camel context whose intake route holds webhooks in
 * flight, the intake defers routing while busy; the sweeper waits with it while the machine's CPU
 * is busy, routes beside it while the CPU has room, and stops waiting once a deferred event has
 * waited {@code paubox.inbox.defer-at-most}. The clock and the CPU readings are the test's.
 */
class IntakePressureTests {

    private static final Duration DEFER_AT_MOST = Duration.ofSeconds(10);
    private static final double CPU_BUSY_AT = 0.8;
    private static final Duration CPU_READING = Duration.ofNanos(IntakePressure.CPU_READING_NANOS);
    private static final Duration CALM_FOR = Duration.ofNanos(IntakePressure.CALM_FOR_NANOS);
    private static final Duration BESIDE_FOR = Duration.ofNanos(IntakePressure.BESIDE_FOR_NANOS);
    private static final Duration FLOODED_WITHIN = Duration.ofNanos(IntakePressure.FLOODED_WITHIN_NANOS);
    /** busy-at is 4 here. */
    private static final int FLOOD = IntakePressure.FLOOD_TIMES_BUSY_AT * 4;

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    /** What the machine's CPU reads: busy unless a test says otherwise. */
    private volatile double cpu = 0.95;
    private final AtomicInteger cpuReadings = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<CompletableFuture<Object>> inFlight = new ArrayList<>();
    /** One thread per webhook held in flight, as the servlet container gives each request. */
    private final ExecutorService requests = Executors.newCachedThreadPool();
    private CamelContext camel;
    private ProducerTemplate producer;
    private IntakePressure pressure;

    @BeforeEach
    void intakeRoute() throws Exception {
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:intake").routeId(IntakePressure.INTAKE_ROUTE)
                        .process(exchange -> release.await(30, TimeUnit.SECONDS));
            }
        });
        camel.start();
        producer = camel.createProducerTemplate();
        InboxProperties properties = new InboxProperties(128, 1, Duration.ofMillis(1), Duration.ofSeconds(5), 4, CPU_BUSY_AT,
                DEFER_AT_MOST, InboxProperties.Write.GROUP_COMMIT, false);
        pressure = new IntakePressure(camel, properties, nanos::get, () -> {
            cpuReadings.incrementAndGet();
            return cpu;
        });
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        inFlight.forEach(CompletableFuture::join);
        requests.shutdown();
        camel.close();
    }

    @Test
    void aCalmIntakeRoutesAtOnceAndTheSweeperDoesNotWait() {
        hold(3);
        assertThat(pressure.routeNow()).isTrue();
        assertThat(pressure.sweeperWaits()).isFalse();
    }

    @Test
    void aBusyIntakeDefersRoutingAndTheSweeperWaitsWithItUntilTheFirstDeferredEventHasWaitedTheLimit() {
        hold(4);
        assertThat(pressure.sweeperWaits()).as("busy, nothing deferred yet").isTrue();
        assertThat(pressure.routeNow()).isFalse();
        later(Duration.ofSeconds(6));
        assertThat(pressure.routeNow()).as("a later deferral does not restart the clock").isFalse();
        later(Duration.ofSeconds(3));
        assertThat(pressure.sweeperWaits()).as("9 s after the first deferral").isTrue();
        later(Duration.ofSeconds(1));
        assertThat(pressure.sweeperWaits()).as("10 s after it").isFalse();
        assertThat(pressure.routeNow()).as("the intake itself still defers").isFalse();
        later(Duration.ofMinutes(1));
        assertThat(pressure.sweeperWaits()).as("the limit reached: beside the intake until caught up").isFalse();
    }

    @Test
    void aBusyIntakeOnACpuWithRoomIsRoutedBesideForTwoSecondsAfterEachHalfSecondReading() {
        hold(4);
        cpu = 0.5;
        assertThat(pressure.routeNow()).as("the intake itself still defers").isFalse();
        assertThat(pressure.sweeperWaits()).as("the reading has only begun").isTrue();
        later(CPU_READING.minusNanos(1));
        assertThat(pressure.sweeperWaits()).isTrue();
        later(Duration.ofNanos(1));
        assertThat(pressure.sweeperWaits()).as("half the CPU idle over half a second of waiting").isFalse();
        cpu = 1;
        later(BESIDE_FOR.minusNanos(1));
        assertThat(pressure.sweeperWaits()).as("routing beside fills the CPU; the stretch goes on").isFalse();
        assertThat(cpuReadings).hasValue(2);
        later(Duration.ofNanos(1));
        assertThat(pressure.sweeperWaits()).as("stretch over: a new reading begins").isTrue();
        later(CPU_READING);
        assertThat(pressure.sweeperWaits()).as("the intake alone fills the CPU now").isTrue();
        assertThat(cpuReadings).hasValue(4);
    }

    @Test
    void aFloodEndsAStretchOfRoutingBesideAtTheSecondLookInARowThatFindsIt() {
        hold(4);
        pressure.routeNow();
        cpu = 0.5;
        pressure.sweeperWaits();
        later(CPU_READING);
        assertThat(pressure.sweeperWaits()).as("a stretch of routing beside begins").isFalse();
        hold(FLOOD - 4);
        later(Duration.ofMillis(200));
        assertThat(pressure.routeNow()).isFalse();
        later(Duration.ofMillis(10));
        assertThat(pressure.sweeperWaits()).as("the first look to find the flood").isFalse();
        later(Duration.ofMillis(200));
        pressure.routeNow();
        later(FLOODED_WITHIN.minusNanos(1));
        assertThat(pressure.sweeperWaits()).as("the second look in a row: the stretch ends, a reading begins").isTrue();
        cpu = 0.95;
        later(CPU_READING);
        assertThat(pressure.sweeperWaits()).as("the flood fills the CPU").isTrue();
    }

    @Test
    void aFloodSeenOnceOrLongAgoLeavesTheStretchAsItIs() {
        hold(FLOOD);
        cpu = 0.5;
        pressure.routeNow();
        pressure.sweeperWaits();
        later(CPU_READING);
        assertThat(pressure.sweeperWaits()).as("a reading with room: a stretch begins").isFalse();
        pressure.routeNow();
        assertThat(pressure.sweeperWaits()).as("one look finds the flood").isFalse();
        later(FLOODED_WITHIN);
        assertThat(pressure.sweeperWaits()).as("the next finds no webhook since that came in flooded").isFalse();
        pressure.routeNow();
        assertThat(pressure.sweeperWaits()).as("one look in a row again").isFalse();
        later(BESIDE_FOR.minus(FLOODED_WITHIN).minusNanos(1));
        assertThat(pressure.sweeperWaits()).as("stale by now").isFalse();
        later(Duration.ofNanos(1));
        assertThat(pressure.sweeperWaits()).as("the two seconds are over").isTrue();
    }

    @Test
    void aBusyIntakeShortOfAFloodLeavesTheStretchAsItIs() {
        hold(FLOOD - 1);
        cpu = 0.5;
        pressure.routeNow();
        pressure.sweeperWaits();
        later(CPU_READING);
        assertThat(pressure.sweeperWaits()).isFalse();
        for (int look = 0; look < 10; look++) {
            later(Duration.ofMillis(150));
            assertThat(pressure.routeNow()).isFalse();
            assertThat(pressure.sweeperWaits()).as("look %d, %d webhooks in flight", look, FLOOD - 1).isFalse();
        }
    }

    @Test
    void anEmptyLookEndsAStretchOfRoutingBeside() {
        hold(4);
        pressure.routeNow();
        cpu = 0.5;
        pressure.sweeperWaits();
        later(CPU_READING);
        assertThat(pressure.sweeperWaits()).isFalse();
        pressure.caughtUp();
        assertThat(pressure.sweeperWaits()).as("caught up: a new reading begins").isTrue();
    }

    @Test
    void routingBesideIsLoggedOncePerStretchAndCatchingUpOnce() {
        var logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(IntakePressure.class);
        var lines = new ListAppender<ILoggingEvent>();
        lines.start();
        logger.addAppender(lines);
        // A Spring Boot test earlier in the same JVM can leave logback with its "not initialised"
        // turbo filter (which denies every event) or another level: this test reads the class's
        // own logger, so it sets both aside while it runs.
        var context = logger.getLoggerContext();
        var turboFilters = new ArrayList<>(context.getTurboFilterList());
        var level = logger.getLevel();
        context.getTurboFilterList().clear();
        logger.setLevel(Level.INFO);
        try {
            hold(4);
            pressure.routeNow();
            cpu = 0.42;
            for (int reading = 0; reading < 3; reading++) {
                pressure.sweeperWaits();
                later(CPU_READING);
                pressure.sweeperWaits();
                later(BESIDE_FOR);
                pressure.sweeperWaits();
            }
            pressure.caughtUp();
            pressure.caughtUp();
            assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                    "Routing beside the busy intake: the CPU was 42 % busy while the sweeper waited (paubox.inbox.cpu-busy-at 80 %)",
                    "Caught up: every event stored for later by the busy intake is routed");
        } finally {
            logger.detachAppender(lines);
            logger.setLevel(level);
            context.getTurboFilterList().addAll(turboFilters);
        }
    }

    @Test
    void aReadingNeverCoversTheSweepersOwnRouting() {
        hold(4);
        pressure.routeNow();
        cpu = 0.5;
        pressure.sweeperWaits();
        later(CPU_READING);
        assertThat(pressure.sweeperWaits()).isFalse();
        pressure.caughtUp();
        cpu = 0.1; // what the JVM says now covers the routing just done
        later(Duration.ofSeconds(1));
        assertThat(pressure.sweeperWaits()).as("that reading only starts the next").isTrue();
        cpu = CPU_BUSY_AT;
        later(CPU_READING);
        assertThat(pressure.sweeperWaits()).as("at cpu-busy-at while waiting").isTrue();
        cpu = 0.79;
        later(CPU_READING);
        assertThat(pressure.sweeperWaits()).as("just under it").isFalse();
    }

    @Test
    void theCpuIsReadOncePerHalfSecondHoweverOftenTheSweeperLooks() {
        hold(4);
        pressure.routeNow();
        cpu = 0.1;
        for (int look = 0; look < 100; look++) {
            assertThat(pressure.sweeperWaits()).isTrue();
        }
        assertThat(cpuReadings).hasValue(1);
        later(CPU_READING);
        assertThat(pressure.sweeperWaits()).isFalse();
        assertThat(cpuReadings).hasValue(2);
    }

    @Test
    void atCpuBusyAtOneTheSweeperWaitsForTheBusyIntakeWhateverTheCpuReads() {
        InboxProperties waitAlways = new InboxProperties(128, 1, Duration.ZERO, Duration.ofSeconds(5), 4, 1,
                DEFER_AT_MOST, InboxProperties.Write.GROUP_COMMIT, false);
        pressure = new IntakePressure(camel, waitAlways, nanos::get, () -> cpu);
        hold(4);
        pressure.routeNow();
        cpu = 0.996; // a machine kept full by a burst, as the JVM reads it
        for (int reading = 0; reading < 3; reading++) {
            assertThat(pressure.sweeperWaits()).isTrue();
            later(CPU_READING);
        }
        cpu = 0.1;
        later(CPU_READING);
        assertThat(pressure.sweeperWaits()).as("even with the CPU all but idle").isTrue();
        later(DEFER_AT_MOST);
        assertThat(pressure.sweeperWaits()).as("the limit still holds").isFalse();
    }

    @Test
    void aCpuTheJvmCannotReadCountsAsBusy() {
        hold(4);
        pressure.routeNow();
        cpu = -1;
        pressure.sweeperWaits();
        later(CPU_READING);
        assertThat(pressure.sweeperWaits()).isTrue();
        later(DEFER_AT_MOST);
        assertThat(pressure.sweeperWaits()).as("the limit still holds").isFalse();
    }

    @Test
    void theJvmReadsThisMachinesCpuAsAShareFromZeroToOne() throws InterruptedException {
        var machine = IntakePressure.machineCpu();
        machine.getAsDouble();
        Thread.sleep(100);
        assertThat(machine.getAsDouble()).as("the HotSpot JVM on Linux can read it").isBetween(0.0, 1.0);
    }

    @Test
    void anEmptyLookStartsTheClockAgainAtTheNextDeferral() {
        hold(4);
        pressure.routeNow();
        later(DEFER_AT_MOST);
        assertThat(pressure.sweeperWaits()).isFalse();
        pressure.caughtUp();
        assertThat(pressure.sweeperWaits()).as("caught up, still busy").isTrue();
        later(Duration.ofSeconds(2));
        pressure.routeNow();
        later(DEFER_AT_MOST.minusMillis(1));
        assertThat(pressure.sweeperWaits()).isTrue();
        later(Duration.ofMillis(1));
        assertThat(pressure.sweeperWaits()).isFalse();
    }

    @Test
    void theSweeperGoesOnOnceTheIntakeIsCalmAgain() {
        hold(4);
        pressure.routeNow();
        assertThat(pressure.sweeperWaits()).isTrue();
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> camel.getInflightRepository().size(IntakePressure.INTAKE_ROUTE) == 0);
        assertThat(pressure.routeNow()).as("the intake routes at once").isTrue();
        later(CALM_FOR.minusNanos(1));
        assertThat(pressure.sweeperWaits()).as("calm for a moment only, as after every commit in a burst").isTrue();
        later(Duration.ofNanos(1));
        assertThat(pressure.sweeperWaits()).as("calm for half a second").isFalse();
    }

    @Test
    void aFreshDeferralKeepsTheSweeperWaitingThoughTheIntakeLooksCalmAtThatInstant() {
        hold(4);
        pressure.routeNow();
        later(Duration.ofSeconds(1));
        pressure.routeNow();
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> camel.getInflightRepository().size(IntakePressure.INTAKE_ROUTE) == 0);
        later(CALM_FOR.minusMillis(1));
        assertThat(pressure.sweeperWaits()).as("the last deferral was just now").isTrue();
        later(Duration.ofMillis(1));
        assertThat(pressure.sweeperWaits()).isFalse();
    }

    /** Puts this many webhooks in flight at the intake route, where they stay until released. */
    private void hold(int webhooks) {
        int held = inFlight.size() + webhooks;
        for (int i = 0; i < webhooks; i++) {
            String body = "webhook " + i;
            inFlight.add(CompletableFuture.supplyAsync(() -> producer.requestBody("direct:intake", body), requests));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> camel.getInflightRepository().size(IntakePressure.INTAKE_ROUTE) == held);
    }

    private void later(Duration by) {
        nanos.addAndGet(by.toNanos());
    }
}
