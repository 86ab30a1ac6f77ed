package com.example.paubox.notify;

import com.example.paubox.delivery.Sinks;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * The email sink's recipient lists, by name: {@code default} is {@code NOTIFY_EMAIL_TO}; another,
 * named in the routing table as {@code to: direct:email-notify/<name>}, is
 * {@code paubox.email.lists.<name>.to} or else the environment variable
 * {@code NOTIFY_EMAIL_TO_<NAME>} (upper case, {@code -} as {@code _}). All go through the one
 * SMTP relay ({@code SMTP_HOST}).
 */
@Component("emailLists")
public class EmailLists extends NamedDestinations {

    private final EmailProperties email;

    public EmailLists(EmailProperties email, Environment environment) {
        super(environment, "NOTIFY_EMAIL_TO_");
        this.email = email;
    }

    @Override
    public String sinkRoute() {
        return Sinks.EMAIL;
    }

    /**
     * The addresses (comma-separated) of a list, for the email sink's send.
     *
     * @throws IllegalStateException when the list has none (its deliveries are skipped before they get here)
     */
    public String to(String list) {
        String to = Sinks.DEFAULT_DESTINATION.equals(list) ? email.to() : named(list);
        if (!StringUtils.hasText(to)) {
            throw new IllegalStateException("Email list " + list + " has no addresses (" + setting(list) + ")");
        }
        return to.trim();
    }

    /** A named list needs its addresses, and the relay every list shares. */
    @Override
    public boolean isConfigured(String list) {
        return email.enabled() && StringUtils.hasText(named(list));
    }

    @Override
    public String setting(String list) {
        return (email.enabled() ? "" : "SMTP_HOST and ") + environmentVariable(list) + " or paubox.email.lists." + list + ".to"
                + (Sinks.OPS_DESTINATION.equals(list) ? " (or NOTIFY_EMAIL_TO, which ops falls back to)" : "");
    }

    @Override
    String defaultAddress() {
        return email.to();
    }

    @Override
    String declared(String list) {
        EmailProperties.RecipientList declared = email.lists().get(list);
        return declared == null ? null : declared.to();
    }

    @Override
    Boolean declaredDigest(String list) {
        EmailProperties.RecipientList declared = email.lists().get(list);
        return declared == null ? null : declared.digest();
    }
}
