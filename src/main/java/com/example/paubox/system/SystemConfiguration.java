package com.example.paubox.system;

import ch.qos.logback.classic.LoggerContext;
import java.time.Clock;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SystemConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Spring Boot's logback_events_total, counted without a turbo filter ({@link LogEventMetrics}). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(LoggerContext.class)
    static class LogEventMetricsConfiguration {

        @Bean
        LogEventMetrics logEventMetrics() {
            return new LogEventMetrics((LoggerContext) LoggerFactory.getILoggerFactory());
        }
    }
}
