package com.example.paubox.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Decides where the route YAML comes from, as {@code paubox.routes.default-location}:
 * {@code ./routes/} when the working directory has it (a checkout, so edits take effect without a
 * rebuild), otherwise the copy bundled in the jar. Setting {@code PAUBOX_ROUTES_LOCATION} wins.
 */
public class RoutesLocation implements EnvironmentPostProcessor {

    static final String PROPERTY = "paubox.routes.default-location";
    static final String WORKING_DIRECTORY = "file:routes/*.camel.yaml";
    static final String BUNDLED = "classpath:routes/*.camel.yaml";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String location = Files.isDirectory(Path.of("routes")) ? WORKING_DIRECTORY : BUNDLED;
        environment.getPropertySources().addLast(new MapPropertySource("paubox-routes-location", Map.of(PROPERTY, location)));
    }
}
