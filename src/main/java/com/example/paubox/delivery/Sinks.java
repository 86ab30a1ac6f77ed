package com.example.paubox.delivery;

import com.example.paubox.delivery.SinkProperties.Sink;
import com.example.paubox.system.RouteModel;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
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
 * A sink's name is the name of its {@code direct:} endpoint, and is what {@code deliveries.sink}
 * holds. A name may add a destination after a slash, {@code to: direct:slack-alert/clinic-a}: the
 * same sink route, sent to another of its destinations (another Slack webhook, another email
 * list), delivered, paced, retried and dead-lettered on its own. {@code <route>/default} is
 * {@code <route>}.
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

    /** Between a sink route's name and a destination of it, in a sink name. */
    public static final char DESTINATION_SEPARATOR = '/';
    /** The destination of a sink name without one. */
    public static final String DEFAULT_DESTINATION = "default";
    /**
     * The destination of the receiver's alerts about itself (paubox.watch); while it is not
     * configured, its alerts go to {@value #DEFAULT_DESTINATION}.
     */
    public static final String OPS_DESTINATION = "ops";

    private static final Sink NONE = new Sink(null, null, null, null, null, null);

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
    private final List<SinkDestinations> destinations;
    private final Map<String, Boolean> enabled = new ConcurrentHashMap<>();

    public Sinks(SinkProperties properties, DeliveryProperties defaults, Environment environment, List<SinkDestinations> destinations) {
        this.properties = properties;
        this.defaults = defaults;
        this.environment = environment;
        this.destinations = destinations;
    }

    /** The sink route a sink name delivers through: {@code slack-alert} for {@code slack-alert/clinic-a}. */
    public static String route(String sink) {
        int slash = sink.indexOf(DESTINATION_SEPARATOR);
        return slash < 0 ? sink : sink.substring(0, slash);
    }

    /** The destination a sink name sends to: {@code clinic-a} for {@code slack-alert/clinic-a}, else {@value #DEFAULT_DESTINATION}. */
    public static String destination(String sink) {
        int slash = sink.indexOf(DESTINATION_SEPARATOR);
        return slash < 0 ? DEFAULT_DESTINATION : sink.substring(slash + 1);
    }

    /** The one spelling of a sink name: {@code slack-alert/default} is {@code slack-alert}. */
    public static String normalize(String sink) {
        return sink.endsWith(DESTINATION_SEPARATOR + DEFAULT_DESTINATION)
                ? sink.substring(0, sink.length() - DEFAULT_DESTINATION.length() - 1) : sink;
    }

    /**
     * Whether the sink may deliver: for a named destination that a {@link SinkDestinations} knows
     * (a Slack webhook, an email list), whether it is configured; otherwise whether the sink route's
     * {@code enabled-by} setting has a value, or it has none. Read once per sink, as every setting
     * is: a change takes a restart.
     */
    public boolean isEnabled(String sink) {
        return enabled.computeIfAbsent(sink, name -> {
            SinkDestinations known = destinationsOf(name);
            if (known != null) {
                return known.isConfigured(destination(name));
            }
            String by = enabledBy(name);
            return by == null || StringUtils.hasText(environment.getProperty(by));
        });
    }

    /** The setting that switches the sink on, or null when it is always on. */
    public String enabledBy(String sink) {
        SinkDestinations known = destinationsOf(sink);
        if (known != null) {
            return known.setting(destination(sink));
        }
        String by = settings(sink).enabledBy();
        return StringUtils.hasText(by) ? by.trim() : null;
    }

    /**
     * Whether the sink's alerts are held and sent as digests: the sink route renders digests
     * ({@code paubox.sinks.<route>.digest}), and its destination says so, or says nothing and
     * {@code byDefault} ({@code paubox.alerts.digest.enabled}) does.
     */
    public boolean digests(String sink, boolean byDefault) {
        if (!Boolean.TRUE.equals(settings(sink).digest())) {
            return false;
        }
        Boolean said = destinations.stream().filter(known -> known.sinkRoute().equals(route(sink))).findFirst()
                .map(known -> known.digests(destination(sink))).orElse(null);
        return said != null ? said : byDefault;
    }

    /**
     * The {@link SinkDestinations} that knows this sink's named destination, or null: for a sink
     * name without a destination, or for a sink route no {@link SinkDestinations} speaks for
     * (its destinations are then on whenever the route's {@code enabled-by} is set).
     */
    private SinkDestinations destinationsOf(String sink) {
        if (sink.indexOf(DESTINATION_SEPARATOR) < 0) {
            return null;
        }
        String route = route(sink);
        return destinations.stream().filter(known -> known.sinkRoute().equals(route)).findFirst().orElse(null);
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
            RouteModel.directTargets(router.getOutputs()).forEach(name -> named.add(normalize(name)));
            named.remove(UNROUTED);
        }
        return named;
    }

    private Sink settings(String sink) {
        Sink settings = properties.sinks().get(route(sink));
        return settings != null ? settings : NONE;
    }
}
