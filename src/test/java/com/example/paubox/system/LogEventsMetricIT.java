package com.example.paubox.system;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import com.example.paubox.support.Receivers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.logging.LogbackMetrics;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The receiver counts {@code logback_events_total} with {@link LogEventMetrics}, not with Spring
 * Boot's binder, whose turbo filter logback asks on every {@code isTraceEnabled()}. A receiver of
 * its own: every Spring Boot application started in a JVM configures logging again, and the test
 * JVM starts many.
 */
class LogEventsMetricIT {

    @Test
    void logEventsAreCountedOnceByLevelWithoutSpringBootsTurboFilter() {
        try (ConfigurableApplicationContext receiver = Receivers.start("jdbc:h2:mem:log-events;DB_CLOSE_DELAY=-1", Map.of())) {
            assertThat(receiver.getBeansOfType(LogbackMetrics.class).values()).singleElement().isInstanceOf(LogEventMetrics.class);
            MeterRegistry meters = receiver.getBean(MeterRegistry.class);
            Logger logger = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("com.example.paubox.test.LogEvents");
            logger.setLevel(Level.TRACE);
            try {
                double before = meters.get("logback.events").tag("level", "trace").counter().count();
                logger.trace("One event at TRACE, which only this logger writes");
                logger.debug("Not counted as trace");

                assertThat(meters.get("logback.events").tag("level", "trace").counter().count()).as("counted once").isEqualTo(before + 1);
            } finally {
                logger.setLevel(null);
            }
        }
    }
}
