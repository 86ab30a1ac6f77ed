package com.example.paubox.system;

import com.example.paubox.PauboxEventRouterApplication;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.FailedToStartRouteException;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.OptionalIdentifiedDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SendDefinition;
import org.apache.camel.model.ToDynamicDefinition;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * {@code --validate}: loads every route file as the receiver would, with nothing started (no
 * consumer, no web server, an in-memory database, no sink called), so that every placeholder is
 * resolved and every endpoint created, then checks that each {@code direct:} target has a route.
 * Prints what is wrong, naming the file, and returns the process exit code: 0 when all is well.
 */
public final class RouteValidation {

    private RouteValidation() {
    }

    public static int run(String[] args, PrintStream out) {
        SpringApplication application = new SpringApplication(PauboxEventRouterApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setBannerMode(Banner.Mode.OFF);
        List<String> arguments = new ArrayList<>(List.of(args));
        arguments.remove("--validate");
        arguments.addAll(List.of(
                "--camel.main.auto-startup=false",
                "--camel.main.source-location-enabled=true",
                "--spring.datasource.url=jdbc:h2:mem:route-validation;DB_CLOSE_DELAY=-1",
                "--paubox.webhook.token=route-validation",
                "--logging.level.root=ERROR",
                // The failure is reported below, once, naming the file: no stack traces.
                "--logging.level.org.springframework.boot.SpringApplication=OFF",
                "--logging.level.org.apache.camel=OFF"));
        try (ConfigurableApplicationContext context = application.run(arguments.toArray(String[]::new))) {
            CamelContext camel = context.getBean(CamelContext.class);
            List<String> problems = danglingDirects(camel.getCamelContextExtension().getContextPlugin(ModelCamelContext.class));
            if (problems.isEmpty()) {
                out.println("Routes OK: " + camel.getRoutes().size() + " routes loaded from "
                        + context.getEnvironment().getProperty("camel.main.routes-include-pattern"));
                return 0;
            }
            out.println("Route validation failed:");
            problems.forEach(problem -> out.println("  - " + problem));
            return 1;
        } catch (RuntimeException failure) {
            out.println("Route validation failed:");
            String route = failedRoute(failure);
            String prefix = route == null ? "" : fileOf(route, routesPattern(args)) + ": route " + route + ": ";
            messages(failure).forEach(message -> out.println("  - " + prefix + message));
            return 1;
        }
    }

    private static List<String> danglingDirects(ModelCamelContext model) {
        Set<String> consumed = new HashSet<>();
        for (RouteDefinition route : model.getRouteDefinitions()) {
            String from = route.getInput().getEndpointUri();
            if (from.startsWith("direct:")) {
                consumed.add(name(from));
            }
        }
        List<String> problems = new ArrayList<>();
        for (RouteDefinition route : model.getRouteDefinitions()) {
            for (String target : directTargets(route.getOutputs())) {
                if (!consumed.contains(target)) {
                    problems.add(source(route) + ": route " + route.getRouteId() + " sends to direct:" + target
                            + ", but no route reads from direct:" + target);
                }
            }
        }
        return problems;
    }

    private static Set<String> directTargets(List<ProcessorDefinition<?>> outputs) {
        Set<String> targets = new LinkedHashSet<>();
        for (ProcessorDefinition<?> output : outputs) {
            String uri = output instanceof SendDefinition<?> send ? send.getEndpointUri()
                    : output instanceof ToDynamicDefinition dynamic ? dynamic.getUri() : null;
            if (uri != null && uri.startsWith("direct:") && !uri.contains("${")) {
                targets.add(name(uri));
            }
            targets.addAll(directTargets(output.getOutputs()));
        }
        return targets;
    }

    private static String name(String directUri) {
        String name = directUri.substring("direct:".length()).replaceFirst("^//", "");
        int query = name.indexOf('?');
        return query < 0 ? name : name.substring(0, query);
    }

    private static String source(OptionalIdentifiedDefinition<?> route) {
        return route.getLocation() != null ? route.getLocation() + (route.getLineNumber() > 0 ? ":" + route.getLineNumber() : "")
                : "(unknown file)";
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

    /** The route file that declares this route id, found the way the receiver finds its routes. */
    private static String fileOf(String routeId, String pattern) {
        try {
            for (Resource file : new PathMatchingResourcePatternResolver().getResources(pattern)) {
                String text = file.getContentAsString(StandardCharsets.UTF_8);
                if (Pattern.compile("(?m)^\\s*id:\\s*[\"']?" + Pattern.quote(routeId) + "[\"']?\\s*$").matcher(text).find()) {
                    return file.getURI().toString();
                }
            }
        } catch (IOException unreadable) {
            // fall through
        }
        return "(file of route " + routeId + ")";
    }

    private static String routesPattern(String[] args) {
        for (String arg : args) {
            if (arg.startsWith("--PAUBOX_ROUTES_LOCATION=")) {
                return arg.substring("--PAUBOX_ROUTES_LOCATION=".length());
            }
        }
        return System.getenv().getOrDefault("PAUBOX_ROUTES_LOCATION",
                Files.isDirectory(Path.of("routes")) ? RoutesLocation.WORKING_DIRECTORY : RoutesLocation.BUNDLED);
    }

    /** The chain of causes, most specific last; Camel names the route file in them. */
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
