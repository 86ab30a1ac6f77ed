package com.example.paubox.system;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.logging.LogbackMetrics;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code logback_events_total} by level, the meter Spring Boot's own {@link LogbackMetrics} gives,
 * counted by an appender on the root logger instead of a turbo filter. Logback asks every turbo
 * filter on every {@code isTraceEnabled()} and {@code isDebugEnabled()}, and Camel asks those
 * several times per exchange: with Micrometer's filter installed that was 1.5 % of the receiver's
 * CPU at 64 connections (async-profiler, the durable intake), for events never written. An
 * appender sees only the events that are written. Being a {@code LogbackMetrics} bean, it takes the
 * place of Spring Boot's, so each event is counted once.
 *
 * <p>Like Micrometer's filter, it survives a reset of logging but not a stop: when a second Spring
 * Boot application in the same JVM configures logging again (stop, then reset), the first one's
 * count ends. The receiver runs one application per JVM; the tests start many, which is why
 * {@code LogEventsMetricIT} starts a receiver of its own.
 */
public class LogEventMetrics extends LogbackMetrics {

    static final String APPENDER_NAME = "paubox-log-event-metrics";

    private final LoggerContext context;
    private final List<CountingAppender> appenders = new ArrayList<>();
    private final LoggerContextListener onReset;

    public LogEventMetrics(LoggerContext context) {
        super(List.of(), context);
        this.context = context;
        // A reset (Spring Boot configuring logging again, as each application started in this
        // JVM does) detaches and stops every appender of the root logger.
        onReset = new LoggerContextListener() {
            @Override
            public boolean isResetResistant() {
                return true;
            }

            @Override
            public void onReset(LoggerContext reset) {
                synchronized (appenders) {
                    appenders.forEach(appender -> {
                        appender.start();
                        attach(appender);
                    });
                }
            }

            @Override
            public void onStart(LoggerContext started) {
            }

            @Override
            public void onStop(LoggerContext stopped) {
            }

            @Override
            public void onLevelChange(Logger logger, Level level) {
            }
        };
        context.addListener(onReset);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        CountingAppender appender = new CountingAppender(registry);
        appender.setContext(context);
        appender.setName(APPENDER_NAME);
        appender.start();
        synchronized (appenders) {
            appenders.add(appender);
            attach(appender);
        }
    }

    @Override
    public void close() {
        synchronized (appenders) {
            Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            appenders.forEach(appender -> {
                root.detachAppender(appender);
                appender.stop();
            });
            appenders.clear();
        }
        context.removeListener(onReset);
    }

    private void attach(CountingAppender appender) {
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
    }

    private static final class CountingAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

        private final Counter error;
        private final Counter warn;
        private final Counter info;
        private final Counter debug;
        private final Counter trace;

        CountingAppender(MeterRegistry registry) {
            error = counter(registry, "error");
            warn = counter(registry, "warn");
            info = counter(registry, "info");
            debug = counter(registry, "debug");
            trace = counter(registry, "trace");
        }

        private static Counter counter(MeterRegistry registry, String level) {
            return Counter.builder("logback.events")
                    .tag("level", level)
                    .description("Log events written, by level")
                    .baseUnit(BaseUnits.EVENTS)
                    .register(registry);
        }

        @Override
        protected void append(ILoggingEvent event) {
            switch (event.getLevel().toInt()) {
                case Level.ERROR_INT -> error.increment();
                case Level.WARN_INT -> warn.increment();
                case Level.INFO_INT -> info.increment();
                case Level.DEBUG_INT -> debug.increment();
                case Level.TRACE_INT -> trace.increment();
                default -> { }
            }
        }
    }
}
