package com.example.paubox.notify;

import com.example.paubox.delivery.SinkDestinations;
import com.example.paubox.delivery.Sinks;
import java.util.Locale;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Destinations declared by name in {@code application.yaml}, or else by an environment variable
 * named after them: {@code <PREFIX><NAME>}, the name in upper case with {@code -} as {@code _}
 * ({@code SLACK_WEBHOOK_URL_CLINIC_A} for {@code clinic-a}).
 */
abstract class NamedDestinations implements SinkDestinations {

    private final Environment environment;
    private final String variablePrefix;

    NamedDestinations(Environment environment, String variablePrefix) {
        this.environment = environment;
        this.variablePrefix = variablePrefix;
    }

    /** The address (URL, recipients) declared in application.yaml for the destination, or null. */
    abstract String declared(String destination);

    /** Whether application.yaml says the destination digests; null when it does not say. */
    abstract Boolean declaredDigest(String destination);

    /** The address of the {@value Sinks#DEFAULT_DESTINATION} destination; null or blank when it has none. */
    abstract String defaultAddress();

    /**
     * The destination's address: declared, or else from its environment variable, or else, for
     * {@value Sinks#OPS_DESTINATION}, the {@value Sinks#DEFAULT_DESTINATION} one's; null or blank when it has none.
     */
    final String named(String destination) {
        String declared = declared(destination);
        if (StringUtils.hasText(declared)) {
            return declared;
        }
        String variable = environment.getProperty(environmentVariable(destination));
        return StringUtils.hasText(variable) || !Sinks.OPS_DESTINATION.equals(destination) ? variable : defaultAddress();
    }

    /** {@code <PREFIX>CLINIC_A} for {@code clinic-a}. */
    final String environmentVariable(String destination) {
        return variablePrefix + destination.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    @Override
    public Boolean digests(String destination) {
        return declaredDigest(destination);
    }
}
