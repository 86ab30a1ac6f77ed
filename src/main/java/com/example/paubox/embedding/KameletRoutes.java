package com.example.paubox.embedding;

import com.example.paubox.intake.IntakeAvailability;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.PluginHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

/**
 * Adds the receiver's routes to an embedding application's Camel context, once the application
 * has loaded its own and only if one of them starts from {@code kamelet:paubox-webhook-source}:
 * the library jar brings no route, and no table, the application did not ask for. They are the standalone
 * receiver's own YAML (its intake, dispatcher, delivery mechanism, retry and sweeper routes, and
 * their error handling, each with a routeConfiguration of its own, so that none of the
 * application's applies to them and none of theirs to the application's routes), with the
 * routing table of {@code paubox/routes/kamelet-router.camel.yaml}.
 */
public class KameletRoutes implements CamelContextConfiguration, ApplicationRunner {

    static final List<String> ROUTES = List.of(
            "error-handling.camel.yaml",
            "paubox-intake.camel.yaml",
            "event-dispatch.camel.yaml",
            "kamelet-router.camel.yaml",
            "sink-delivery.camel.yaml",
            "delivery-retry.camel.yaml",
            "event-sweeper.camel.yaml");
    static final String LOCATION = "classpath:paubox/routes/";

    private static final Logger log = LoggerFactory.getLogger(KameletRoutes.class);

    private final DataSource dataSource;
    private final IntakeAvailability intake;
    private final KameletSinks sinks;
    private volatile boolean added;

    KameletRoutes(DataSource dataSource, IntakeAvailability intake, KameletSinks sinks) {
        this.dataSource = dataSource;
        this.intake = intake;
        this.sinks = sinks;
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        List<String> users = camel.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions().stream()
                .filter(KameletRoutes::startsFromTheKamelet)
                .map(RouteDefinition::getRouteId)
                .toList();
        if (users.isEmpty()) {
            log.info("No route starts from kamelet:{}: the Paubox receiver adds no route", KameletSinks.KAMELET);
            intake.intakeAbsent();
            return;
        }
        ReceiverSchema.migrate(dataSource);
        try {
            Resource[] resources = ROUTES.stream()
                    .map(name -> PluginHelper.getResourceLoader(camel).resolveResource(LOCATION + name))
                    .toArray(Resource[]::new);
            for (Resource resource : resources) {
                if (!resource.exists()) {
                    throw new IllegalStateException(resource.getLocation() + " is missing: the receiver's routes come with the library jar");
                }
            }
            PluginHelper.getRoutesLoader(camel).loadRoutes(resources);
            added = true;
        } catch (Exception e) {
            throw new IllegalStateException("The Paubox receiver's routes could not be added", e);
        }
        log.info("Paubox receiver: POST /webhooks/paubox delivers every event to the route(s) {} (kamelet:{})", users,
                KameletSinks.KAMELET);
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        // nothing: an exception here would only be logged; the sinks are checked by run()
    }

    /**
     * Names the sinks once Camel has made the Kamelet's routes. An application runner, so that a
     * sink name the receiver cannot take stops the start (Camel only logs what fails in
     * {@link #afterApplicationStart}).
     */
    @Override
    public void run(ApplicationArguments arguments) {
        if (added) {
            log.info("Paubox receiver sinks (kamelet:{}?sink=...): {}", KameletSinks.KAMELET, sinks.sinks());
        }
    }

    static boolean startsFromTheKamelet(RouteDefinition route) {
        if (route.getInput() == null || route.getInput().getEndpointUri() == null) {
            return false;
        }
        String uri = route.getInput().getEndpointUri();
        for (String prefix : List.of("kamelet:", "kamelet://")) {
            if (uri.startsWith(prefix + KameletSinks.KAMELET)) {
                String rest = uri.substring((prefix + KameletSinks.KAMELET).length());
                if (rest.isEmpty() || rest.startsWith("?") || rest.startsWith("/")) {
                    return true;
                }
            }
        }
        return false;
    }
}
