package com.example.paubox.notify;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;
import org.springframework.validation.annotation.Validated;

/**
 * The email sink: an SMTP relay and the notification addresses.
 *
 * @param host the relay's host name ({@code SMTP_HOST}); blank disables the sink
 * @param port the relay's port ({@code SMTP_PORT})
 * @param username the relay login ({@code SMTP_USERNAME}); blank means no authentication
 * @param password the relay password ({@code SMTP_PASSWORD})
 * @param requireTls refuse to send unless the relay offers STARTTLS ({@code SMTP_REQUIRE_TLS})
 * @param from the sender of notification emails ({@code NOTIFY_EMAIL_FROM})
 * @param to the recipient(s) of notification emails, comma-separated ({@code NOTIFY_EMAIL_TO})
 * @param recipientDisplay how emails show the event's recipient: masked (default), hashed or full
 * @param lists further recipient lists, by name, which the routing table names as
 *     {@code to: direct:email-notify/<name>}; the addresses of one left out here are read from
 *     the environment variable {@code NOTIFY_EMAIL_TO_<NAME>} ({@link AlertDestinations})
 */
@Validated
@ConfigurationProperties("paubox.email")
public record EmailProperties(
        String host,
        @DefaultValue("587") @Min(1) @Max(65535) int port,
        String username,
        String password,
        @DefaultValue("true") boolean requireTls,
        String from,
        String to,
        @DefaultValue("masked") @NotNull RecipientDisplay recipientDisplay,
        @DefaultValue Map<String, RecipientList> lists) {

    /**
     * One named recipient list.
     *
     * @param to its addresses, comma-separated; blank: disabled
     * @param digest false to send its emails one per event; unset: {@code paubox.alerts.digest.enabled}
     */
    public record RecipientList(String to, Boolean digest) {
    }

    public boolean enabled() {
        return StringUtils.hasText(host);
    }

    @AssertTrue(message = "SMTP_HOST is set, so NOTIFY_EMAIL_FROM and NOTIFY_EMAIL_TO must be set too")
    public boolean isAddressed() {
        return !enabled() || (StringUtils.hasText(from) && StringUtils.hasText(to));
    }
}
