package com.example.paubox.embedding;

import com.example.paubox.brokers.BrokerMessages;
import com.example.paubox.brokers.BrokerProperties;
import com.example.paubox.delivery.Deliveries;
import com.example.paubox.delivery.DeliveryProperties;
import com.example.paubox.delivery.DigestProperties;
import com.example.paubox.delivery.SinkProperties;
import com.example.paubox.inbox.Inbox;
import com.example.paubox.inbox.InboxProperties;
import com.example.paubox.intake.IntakeAvailability;
import com.example.paubox.intake.WebhookAuthenticator;
import com.example.paubox.intake.WebhookProperties;
import com.example.paubox.system.ReceiverMetrics;
import com.example.paubox.watch.IntakeSignals;
import com.example.paubox.watch.WatchProperties;
import java.time.Clock;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;

/**
 * The receiver inside an existing Camel Spring Boot application that has the library jar on its
 * classpath (docs/embedding.md): the intake (token, limits, store before the answer, dedup) and
 * the delivery machinery, for the application's own routes that start
 * {@code from: kamelet:paubox-webhook-source}. The beans are here whatever the application does;
 * the receiver's routes, and with them the endpoint {@code POST /webhooks/paubox}, only once one of
 * its routes uses the Kamelet ({@link KameletRoutes}).
 *
 * <p>Not the standalone receiver's configuration, which excludes this class: the alert, email,
 * ticket and broker sinks, the watch, reconciliation and the admin API stay with it. The
 * defaults sit below everything the application configures ({@code paubox/embedded-defaults.properties}).
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ComponentScan(basePackageClasses = {Inbox.class, Deliveries.class, WebhookAuthenticator.class})
@Import({ReceiverMetrics.class, IntakeSignals.class, BrokerMessages.class})
@EnableConfigurationProperties({WebhookProperties.class, InboxProperties.class, DeliveryProperties.class, SinkProperties.class,
    DigestProperties.class, WatchProperties.class, BrokerProperties.class})
@PropertySource("classpath:paubox/embedded-defaults.properties")
public class PauboxReceiverAutoConfiguration {

    /** The application's clock if it has one, else the system's, in UTC. */
    @Bean
    @ConditionalOnMissingBean
    Clock pauboxClock() {
        return Clock.systemUTC();
    }

    /**
     * Spring Boot runs Flyway wherever flyway-core is on the classpath, and the library puts it
     * there: in an application without migrations of its own that would create an empty
     * {@code flyway_schema_history} in its database. This strategy migrates as Spring Boot does
     * when the application has migrations, and leaves its database alone when it has none. An
     * application's own strategy takes its place.
     */
    @Bean
    @ConditionalOnMissingBean
    FlywayMigrationStrategy migrateOnlyAnApplicationsOwnMigrations() {
        return flyway -> {
            if (flyway.info().all().length > 0) {
                flyway.migrate();
            }
        };
    }

    @Bean(KameletSinks.BEAN)
    KameletSinks kameletSinks(CamelContext camel, Deliveries deliveries) {
        return new KameletSinks(camel, deliveries);
    }

    @Bean
    KameletRoutes pauboxKameletRoutes(DataSource dataSource, IntakeAvailability intake, KameletSinks sinks) {
        return new KameletRoutes(dataSource, intake, sinks);
    }
}
