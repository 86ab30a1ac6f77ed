package com.example.paubox.delivery;

import com.example.paubox.delivery.SinkProperties.Sink;
import com.example.paubox.system.RouteModel;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * The sinks: the routes the routing table ({@value #ROUTER}) names with {@code to: direct:<name>},
 * and each one's settings ({@link SinkProperties}): whether it is on, its pace, its retry policy.
 * A sink's name is the name of its {@code direct:} endpoint, and is what {@code deliveries.sink} holds.
 */
@Component
public class Sinks {

    /** The Slack sink's name. */
    public static final String SLACK = "slack-alert";
    /** The email sink's name. */
    public static final String EMAIL = "email-notify";
    /** The routing table's route id. */
    public static final String ROUTER = "event-router";
    /** Where the routing table sends what no branch claims: a route of its own, not a sink. */
    public static final String UNROUTED = "unrouted";

    private static final Sink NONE = new Sink(null, null, null, null, null);

    /**
     * When and how often a failed delivery is tried again.
     *
     * @param maxAttempts attempts in all before the delivery is dead
     * @param initialDelay the wait before the first retry
     * @param multiplier each further wait is this many times the one before
     * @param maxDelay the longest wait
     * @param jitter the share of each wait that is random
     */
    public record RetryPolicy(int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay, double jitter) {

        /** The wait before attempt {@code attempts + 1}, without jitter: initial x multiplier^(attempts-1), capped. */
        public Duration backoff(int attempts) {
            double millis = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, attempts - 1));
            return Duration.ofMillis((long) Math.min(millis, maxDelay.toMillis()));
        }
    }

    private final SinkProperties properties;
    private final DeliveryProperties defaults;
    private final Environment environment;
    private final Map<String, Boolean> enabled = new ConcurrentHashMap<>();

    public Sinks(SinkProperties properties, DeliveryProperties defaults, Environment environment) {
        this.properties = properties;
        this.defaults = defaults;
        this.environment = environment;
    }

    /**
     * Whether the sink may deliver: its {@code enabled-by} setting has a value, or it has none.
     * Read once per sink, as every setting is: a change takes a restart.
     */
    public boolean isEnabled(String sink) {
        return enabled.computeIfAbsent(sink, name -> {
            String by = enabledBy(name);
            return by == null || StringUtils.hasText(environment.getProperty(by));
        });
    }

    /** The setting that switches the sink on, or null when it is always on. */
    public String enabledBy(String sink) {
        String by = settings(sink).enabledBy();
        return StringUtils.hasText(by) ? by.trim() : null;
    }

    /** The least time between two sends to the sink; zero when it has no pace. */
    public Duration pace(String sink) {
        Duration pace = settings(sink).pace();
        return pace == null || pace.isNegative() ? Duration.ZERO : pace;
    }

    public RetryPolicy retry(String sink) {
        Sink sink_ = settings(sink);
        return new RetryPolicy(
                sink_.maxAttempts() != null ? sink_.maxAttempts() : defaults.maxAttempts(),
                sink_.initialDelay() != null ? sink_.initialDelay() : defaults.initialDelay(),
                defaults.multiplier(),
                sink_.maxDelay() != null ? sink_.maxDelay() : defaults.maxDelay(),
                defaults.jitter());
    }

    /** The sinks the routing table names, in the order it names them first (empty without a router). */
    public static Set<String> namedByRouter(CamelContext camel) {
        RouteDefinition router = camel.getCamelContextExtension().getContextPlugin(ModelCamelContext.class).getRouteDefinition(ROUTER);
        Set<String> named = new LinkedHashSet<>();
        if (router != null) {
            named.addAll(RouteModel.directTargets(router.getOutputs()));
            named.remove(UNROUTED);
        }
        return named;
    }

    private Sink settings(String sink) {
        Sink settings = properties.sinks().get(sink);
        return settings != null ? settings : NONE;
    }
}
