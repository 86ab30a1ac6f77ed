package com.example.paubox.system;

import com.example.paubox.PauboxEventRouterApplication;
import com.example.paubox.delivery.SinkChecks;
import com.example.paubox.delivery.Sinks;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.camel.CamelContext;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.FailedToStartRouteException;
import org.apache.camel.RouteConfigurationsBuilder;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.DefaultRoutesCollector;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.RoutesLoader;
import org.apache.camel.support.PatternHelper;
import org.apache.camel.support.PluginHelper;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * {@code --validate}: loads every route file the receiver would load (the effective
 * {@code camel.main.routes-include-pattern} and {@code -exclude-pattern}), with nothing started (no
 * consumer, no web server, an in-memory database, no sink called), so that every placeholder is
 * resolved and every endpoint created, then checks that each {@code direct:} target has a route.
 * Each file is loaded on its own, so one run reports every broken file (the first problem in each),
 * naming it; returns the process exit code: 0 when all is well.
 */
public final class RouteValidation {

    private RouteValidation() {
    }

    public static int run(String[] args, PrintStream out) {
        return run(args, out, camel -> { });
    }

    /** As {@link #run(String[], PrintStream)}; {@code inspect} sees the Camel context once every file is loaded. */
    static int run(String[] args, PrintStream out, Consumer<CamelContext> inspect) {
        SpringApplication application = new SpringApplication(PauboxEventRouterApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setBannerMode(Banner.Mode.OFF);
        List<String> arguments = new ArrayList<>(List.of(args));
        arguments.remove("--validate");
        arguments.addAll(List.of(
                "--camel.main.auto-startup=false",
                // The files are loaded below, one at a time, so that each one's problem is reported.
                "--camel.main.routes-collector-enabled=false",
                "--camel.main.routes-reload-enabled=false",
                "--camel.main.source-location-enabled=true",
                "--spring.datasource.url=jdbc:h2:mem:route-validation;DB_CLOSE_DELAY=-1",
                "--paubox.webhook.token=route-validation",
                "--logging.level.root=ERROR",
                // Failures are reported below, once each, naming the file: no stack traces.
                "--logging.level.org.springframework.boot.SpringApplication=OFF",
                "--logging.level.org.apache.camel=OFF"));
        try (ConfigurableApplicationContext context = application.run(arguments.toArray(String[]::new))) {
            CamelContext camel = context.getBean(CamelContext.class);
            Environment environment = context.getEnvironment();
            String include = environment.getProperty("camel.main.routes-include-pattern");
            String exclude = environment.getProperty("camel.main.routes-exclude-pattern");
            List<String> problems = new ArrayList<>();
            int routes = load(camel, include, exclude, problems);
            inspect.accept(camel);
            if (problems.isEmpty()) {
                out.println("Routes OK: " + routes + " routes loaded from " + include);
                return 0;
            }
            out.println("Route validation failed:");
            problems.forEach(problem -> out.println("  - " + problem));
            return 1;
        } catch (RuntimeException failure) {
            // The application itself did not start (application.yaml, a bean): not a route file.
            out.println("Route validation failed:");
            messages(failure).forEach(message -> out.println("  - " + message));
            return 1;
        }
    }

    /** Loads each file on its own, as Camel's route collector would; returns the routes defined. */
    private static int load(CamelContext camel, String include, String exclude, List<String> problems) {
        Collection<Resource> files;
        try {
            files = new DefaultRoutesCollector().findRouteResourcesFromDirectory(camel, exclude, include);
        } catch (RuntimeException unreadable) {
            problems.add(include + ": " + message(unreadable));
            return 0;
        }
        if (files.isEmpty()) {
            problems.add(include + ": no route file matches");
            return 0;
        }
        RoutesLoader loader = PluginHelper.getRoutesLoader(camel);
        Map<Resource, RoutesBuilder> builders = new LinkedHashMap<>();
        for (Resource file : files) {
            try {
                loader.findRoutesBuilders(List.of(file)).forEach(builder -> builders.put(file, builder));
            } catch (Exception failure) {
                problems.add(file.getLocation() + ": " + message(failure));
            }
        }
        // Route configurations first (error handling is shared by routes of other files), then routes.
        Set<Resource> broken = new HashSet<>();
        builders.forEach((file, builder) -> {
            if (builder instanceof RouteConfigurationsBuilder configurations) {
                try {
                    camel.addRoutesConfigurations(configurations);
                } catch (Exception failure) {
                    broken.add(file);
                    problems.add(file.getLocation() + ": " + message(failure));
                }
            }
        });
        Map<RouteDefinition, Resource> definitions = new LinkedHashMap<>();
        builders.forEach((file, builder) -> {
            try {
                if (!broken.contains(file)) {
                    camel.addRoutes(builder);
                }
            } catch (Exception failure) {
                String route = failedRoute(failure);
                problems.add(file.getLocation() + ": " + (route == null ? "" : "route " + route + ": ") + message(failure));
            }
            if (builder instanceof RouteBuilder routeBuilder) {
                routeBuilder.getRouteCollection().getRoutes().forEach(definition -> definitions.put(definition, file));
            }
        });
        problems.addAll(danglingDirects(definitions));
        problems.addAll(SinkChecks.problems(camel, false));
        problems.addAll(unknownRouteConfigurations(camel, definitions));
        return definitions.size();
    }

    /** Camel ignores a routeConfigurationId that matches no routeConfiguration: the route would run without its error handling. */
    private static List<String> unknownRouteConfigurations(CamelContext camel, Map<RouteDefinition, Resource> definitions) {
        List<String> known = camel.getCamelContextExtension().getContextPlugin(ModelCamelContext.class)
                .getRouteConfigurationDefinitions().stream().map(RouteConfigurationDefinition::getId).toList();
        List<String> problems = new ArrayList<>();
        definitions.forEach((route, file) -> {
            String wanted = route.getRouteConfigurationId();
            if (wanted == null) {
                return;
            }
            for (String id : wanted.split(",")) {
                String pattern = id.trim();
                if (!pattern.isEmpty() && known.stream().noneMatch(name -> PatternHelper.matchPattern(name, pattern))) {
                    problems.add(location(file, route) + ": route " + route.getRouteId() + " wants routeConfigurationId "
                            + pattern + ", but no routeConfiguration has that id (known: " + String.join(", ", known) + ")");
                }
            }
        });
        return problems;
    }

    private static String location(Resource file, RouteDefinition route) {
        return file.getLocation() + (route.getLineNumber() > 0 ? ":" + route.getLineNumber() : "");
    }

    private static List<String> danglingDirects(Map<RouteDefinition, Resource> definitions) {
        Set<String> consumed = new HashSet<>();
        for (RouteDefinition route : definitions.keySet()) {
            String from = route.getInput().getEndpointUri();
            if (from.startsWith("direct:")) {
                consumed.add(RouteModel.directName(from));
            }
        }
        List<String> problems = new ArrayList<>();
        definitions.forEach((route, file) -> {
            // The routing table names sinks, a destination after a slash: direct:slack-alert/clinic-a
            // is delivered through direct:slack-alert.
            boolean router = Sinks.ROUTER.equals(route.getRouteId());
            for (String target : RouteModel.directTargets(route.getOutputs())) {
                String read = router ? Sinks.route(target) : target;
                if (!consumed.contains(read)) {
                    problems.add(location(file, route) + ": route " + route.getRouteId() + " sends to direct:" + target + ", but no route reads from direct:" + read);
                }
            }
        });
        return problems;
    }

    private static String failedRoute(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof FailedToCreateRouteException create) {
                return create.getRouteId();
            }
            if (cause instanceof FailedToStartRouteException start) {
                return start.getRouteId();
            }
        }
        return null;
    }

    /**
     * The most specific cause: what is wrong, without Camel's wrapping. A YAML parser's message
     * runs over several lines (where, and a caret under the spot): they follow, indented.
     */
    private static String message(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getMessage() == null ? "" : root.getMessage().stripTrailing();
        return root.getClass().getSimpleName() + ": " + text.replace("\n", "\n      ");
    }

    /** The chain of causes, most specific last. */
    private static Set<String> messages(Throwable failure) {
        Set<String> messages = new LinkedHashSet<>();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && (cause.getCause() == null || cause.getMessage().contains(".camel.yaml"))) {
                messages.add(cause.getClass().getSimpleName() + ": " + cause.getMessage().lines().findFirst().orElse(""));
            }
        }
        return messages;
    }
}
