package com.example.paubox.tickets;

import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The tickets database, {@code ticketsDataSource} in the ticket routes' {@code sql:} steps: a
 * pool of its own when {@code TICKETS_DATASOURCE_URL} is set (a helpdesk's table is usually in
 * another database), else the receiver's own database. Not a candidate for injection by type, so
 * the receiver's own {@link DataSource} stays the one Spring Boot configures (Flyway, health,
 * {@code JdbcTemplate}).
 */
@Configuration(proxyBeanMethods = false)
public class TicketsConfiguration {

    @Bean(defaultCandidate = false)
    @Qualifier("tickets")
    DataSource ticketsDataSource(TicketsProperties tickets, DataSource receiverDatabase) {
        TicketsProperties.Datasource settings = tickets.datasource();
        if (!settings.separate()) {
            // A view of the receiver's pool, which this bean must not close.
            return new DelegatingDataSource(receiverDatabase);
        }
        HikariDataSource pool = DataSourceBuilder.create().type(HikariDataSource.class)
                .url(settings.url().trim()).username(settings.username()).password(settings.password()).build();
        pool.setPoolName("tickets");
        // Fail an attempt (retried later) rather than hold a delivery thread while the database is away.
        pool.setConnectionTimeout(5000);
        pool.setMaximumPoolSize(10);
        // Start even while the tickets database is away: ticket deliveries wait and retry.
        pool.setInitializationFailTimeout(-1);
        return pool;
    }

    /** The URL without what may hold a secret (its query string, user information): for logs. */
    public static String describe(String url) {
        if (url == null || url.isBlank()) {
            return "(the receiver's database)";
        }
        String plain = url.trim();
        int query = plain.indexOf('?');
        if (query >= 0) {
            plain = plain.substring(0, query);
        }
        int semicolon = plain.indexOf(';');
        if (semicolon >= 0) {
            plain = plain.substring(0, semicolon);
        }
        try {
            if (plain.startsWith("jdbc:")) {
                URI uri = URI.create(plain.substring("jdbc:".length()));
                if (uri.getHost() != null) {
                    return "jdbc:" + uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                            + (uri.getPath() == null ? "" : uri.getPath());
                }
            }
        } catch (IllegalArgumentException unparsable) {
            return "(a JDBC URL)";
        }
        return plain.replaceAll("//[^/@]*@", "//");
    }
}
