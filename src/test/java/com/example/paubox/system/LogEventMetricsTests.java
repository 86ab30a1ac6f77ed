package com.example.paubox.system;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** logback_events_total by level, counted by an appender that outlives a reset of logging. */
class LogEventMetricsTests {

    private final LoggerContext logback = new LoggerContext();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Logger logger = logback.getLogger("com.example.Test");

    @Test
    void countsTheEventsWrittenByLevelAndNoOthers() {
        logback.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
        new LogEventMetrics(logback).bindTo(registry);

        logger.info("one");
        logger.warn("two");
        logger.warn("three");
        logger.debug("below the level: not written, not counted");

        assertThat(count("info")).isEqualTo(1);
        assertThat(count("warn")).isEqualTo(2);
        assertThat(count("debug")).isZero();
        assertThat(logback.getTurboFilterList()).isEmpty();
    }

    @Test
    void keepsCountingAfterLoggingIsReset() {
        new LogEventMetrics(logback).bindTo(registry);
        logger.error("before");

        logback.reset(); // what each start of a Spring Boot application in the JVM does
        logger.error("after");

        assertThat(count("error")).isEqualTo(2);
    }

    @Test
    void stopsCountingOnceClosed() {
        LogEventMetrics metrics = new LogEventMetrics(logback);
        metrics.bindTo(registry);
        logger.error("counted");

        metrics.close();
        logger.error("not counted");

        assertThat(count("error")).isEqualTo(1);
    }

    private double count(String level) {
        return registry.get("logback.events").tag("level", level).counter().count();
    }
}
