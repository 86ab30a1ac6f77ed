package com.example.paubox.delivery;

import com.example.paubox.system.RouteModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.ExpressionNode;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.language.MethodCallExpression;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.stereotype.Component;

/**
 * Refuses, at startup and in {@code --validate}, route files that would lose events silently:
 * a routing table whose sinks would be called directly, without the delivery mechanism
 * (it must keep {@code routeConfigurationId: sink-naming}); a sink it names that no route reads;
 * a sink route that does the mechanism's bookkeeping itself (a copy of a pre-0.2 sink route).
 */
@Component
public class SinkChecks implements CamelContextConfiguration {

    /** A destination's name: it also names an environment variable (SLACK_WEBHOOK_URL_CLINIC_A for clinic-a). */
    private static final Pattern DESTINATION = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    /** The routeConfiguration that makes the routing table's sends name sinks. */
    public static final String NAMING = "sink-naming";

    private final List<SinkDestinations> destinations;

    public SinkChecks(List<SinkDestinations> destinations) {
        this.destinations = destinations;
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        List<String> problems = problems(camel, true);
        for (String sink : Sinks.namedByRouter(camel)) {
            if (sink.indexOf(Sinks.DESTINATION_SEPARATOR) < 0) {
                continue;
            }
            destinations.stream().filter(known -> known.sinkRoute().equals(Sinks.route(sink)))
                    .map(known -> known.problem(Sinks.destination(sink))).filter(java.util.Objects::nonNull).forEach(problems::add);
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Route files refused (run with --validate for every problem):\n  - "
                    + String.join("\n  - ", problems));
        }
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
    }

    /**
     * What is wrong with the loaded routes' sinks, one message each naming its file; empty when
     * all is well.
     *
     * @param unread whether to report a named sink that no route reads ({@code --validate} reports
     *     every such {@code direct:} target itself)
     */
    public static List<String> problems(CamelContext camel, boolean unread) {
        ModelCamelContext model = camel.getCamelContextExtension().getContextPlugin(ModelCamelContext.class);
        List<String> problems = new ArrayList<>();
        RouteDefinition router = model.getRouteDefinition(Sinks.ROUTER);
        if (router == null) {
            // Nothing to check (a test context without the shipped routes, say).
            return problems;
        }
        String configurations = router.getRouteConfigurationId();
        if (configurations == null || !List.of(configurations.replace(" ", "").split(",")).contains(NAMING)) {
            problems.add(where(router) + ": route " + Sinks.ROUTER + " must keep routeConfigurationId: " + NAMING
                    + " (routes/sink-delivery.camel.yaml): without it the sinks it names are called directly, with no claim,"
                    + " retry or dead letter");
        }
        Set<String> named = Sinks.namedByRouter(camel);
        for (String sink : named) {
            if (sink.indexOf(Sinks.DESTINATION_SEPARATOR) >= 0 && !DESTINATION.matcher(Sinks.destination(sink)).matches()) {
                problems.add(where(router) + ": route " + Sinks.ROUTER + " names sink direct:" + sink + ": a destination name"
                        + " (after the slash) is lower-case letters, digits and dashes, e.g. direct:slack-alert/clinic-a (README \"Alerts\")");
                continue;
            }
            RouteDefinition route = reading(model, Sinks.route(sink));
            if (route == null) {
                if (!unread) {
                    continue;
                }
                problems.add(where(router) + ": route " + Sinks.ROUTER + " names sink direct:" + sink
                        + ", but no route reads from direct:" + Sinks.route(sink) + " (README \"Add a sink\")");
            } else if (callsDeliveries(route.getOutputs())) {
                problems.add(where(route) + ": sink route " + route.getRouteId() + " calls the deliveries bean itself; the"
                        + " delivery mechanism (routes/sink-delivery.camel.yaml) claims, records and retries every sink: keep only"
                        + " the steps that send (README \"Add a sink\")");
            }
        }
        return problems;
    }

    private static RouteDefinition reading(ModelCamelContext model, String sink) {
        for (RouteDefinition route : model.getRouteDefinitions()) {
            String from = route.getInput() == null ? null : route.getInput().getEndpointUri();
            if (from != null && from.startsWith("direct:") && RouteModel.directName(from).equals(sink)) {
                return route;
            }
        }
        return null;
    }

    private static boolean callsDeliveries(List<ProcessorDefinition<?>> outputs) {
        for (ProcessorDefinition<?> output : outputs) {
            if (output instanceof BeanDefinition bean && "deliveries".equals(bean.getRef())) {
                return true;
            }
            if (output instanceof ExpressionNode node && node.getExpression() instanceof MethodCallExpression method
                    && "deliveries".equals(method.getRef())) {
                return true;
            }
            if (callsDeliveries(output.getOutputs())) {
                return true;
            }
        }
        return false;
    }

    private static String where(RouteDefinition route) {
        String file = route.getResource() != null && route.getResource().getLocation() != null ? route.getResource().getLocation()
                : "route " + route.getRouteId();
        return file + (route.getLineNumber() > 0 ? ":" + route.getLineNumber() : "");
    }
}
