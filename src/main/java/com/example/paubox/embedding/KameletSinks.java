package com.example.paubox.embedding;

import com.example.paubox.delivery.Deliveries;
import com.example.paubox.system.RouteModel;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.component.direct.DirectEndpoint;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;

/**
 * The sinks of an embedding application: one per route of it that starts
 * {@code from: kamelet:paubox-webhook-source}, named by the Kamelet's {@code sink} parameter
 * (default {@value #DEFAULT_SINK}). The Kamelet's own route consumes {@code direct:<sink>}, so the
 * delivery mechanism delivers to it like to any sink route: claim, retries with backoff, dead
 * letters, replay, metrics. The embedded routing table ({@code paubox/routes/kamelet-router.camel.yaml})
 * names them all for every event.
 */
public class KameletSinks {

    static final String BEAN = "kameletSinks";
    static final String KAMELET = "paubox-webhook-source";
    static final String DEFAULT_SINK = "paubox-events";
    /** The template parameter that names the Kamelet a route was made from (Camel's Kamelet.PARAM_TEMPLATE_ID). */
    private static final String TEMPLATE_ID = "templateId";
    private static final Pattern SINK_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private final CamelContext camel;
    private final Deliveries deliveries;
    private volatile List<String> sinks;

    KameletSinks(CamelContext camel, Deliveries deliveries) {
        this.camel = camel;
        this.deliveries = deliveries;
    }

    /** The routing table's one step: every Kamelet route of the application is a sink of the event. */
    public void nameAll(Exchange exchange) {
        for (String sink : sinks()) {
            deliveries.nameSink(exchange, sink);
        }
    }

    /** The sink names, from the routes Camel made of the Kamelet (fixed once Camel has started them). */
    public List<String> sinks() {
        List<String> known = sinks;
        if (known == null) {
            Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
            known = camel.getRoutes().stream()
                    .filter(Route::isCreatedByKamelet)
                    .filter(route -> fromThisKamelet(model.getRouteDefinition(route.getRouteId())))
                    .map(Route::getEndpoint)
                    .filter(DirectEndpoint.class::isInstance)
                    .map(endpoint -> RouteModel.directName(endpoint.getEndpointUri()))
                    .sorted()
                    .toList();
            for (String sink : known) {
                if (!SINK_NAME.matcher(sink).matches()) {
                    throw new IllegalStateException("kamelet:" + KAMELET + "?sink=" + sink
                            + ": a sink name is lower-case letters, digits and '-'");
                }
            }
            if (camel.isStarted()) {
                sinks = known;
            }
        }
        return known;
    }

    private static boolean fromThisKamelet(RouteDefinition route) {
        return route != null && route.getTemplateParameters() != null
                && KAMELET.equals(route.getTemplateParameters().get(TEMPLATE_ID));
    }
}
