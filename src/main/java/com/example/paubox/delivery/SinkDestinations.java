package com.example.paubox.delivery;

/**
 * The destinations of one sink route that can send to several (the Slack sink's incoming
 * webhooks, the email sink's recipient lists), each named in the routing table as
 * {@code to: direct:<route>/<destination>}. Tells {@link Sinks} which are configured.
 */
public interface SinkDestinations {

    /** The sink route whose destinations these are, e.g. {@code slack-alert}. */
    String sinkRoute();

    /** Whether the named destination (never {@value Sinks#DEFAULT_DESTINATION}) has what it needs to send. */
    boolean isConfigured(String destination);

    /** The setting (environment variable first) that configures the named destination, for the startup log. */
    String setting(String destination);

    /** What is wrong with the named destination's configuration, for a refusal at startup; null when nothing is. */
    default String problem(String destination) {
        return null;
    }

    /** Whether alerts to this destination ({@value Sinks#DEFAULT_DESTINATION} included) are digested; null when it does not say. */
    Boolean digests(String destination);
}
