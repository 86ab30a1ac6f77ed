package com.example.paubox.tickets;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;
import org.springframework.validation.annotation.Validated;

/**
 * Where the ticket sinks keep their tickets.
 *
 * @param datasource the database holding the ticketing table ({@code TICKETS_DATASOURCE_URL},
 *     {@code _USERNAME}, {@code _PASSWORD}); no URL: the receiver's own database
 * @param lookupWait how long an alert waits for its event's ticket to be opened before it goes
 *     without the ticket id (the ticket-lookup route reads it as a placeholder; bound here so that
 *     a malformed value stops the receiver at startup)
 */
@Validated
@ConfigurationProperties("paubox.tickets")
public record TicketsProperties(
        @DefaultValue Datasource datasource,
        @DefaultValue("2s") @NotNull Duration lookupWait) {

    /**
     * @param url the JDBC URL, e.g. {@code jdbc:mariadb://helpdesk.internal:3306/helpdesk}
     * @param username the login
     * @param password its password (a secret: never logged)
     */
    public record Datasource(String url, String username, String password) {

        public boolean separate() {
            return StringUtils.hasText(url);
        }

        @Override
        public String toString() {
            return "Datasource[url=" + TicketsConfiguration.describe(url) + ", username=" + username + ", password=***]";
        }
    }
}
