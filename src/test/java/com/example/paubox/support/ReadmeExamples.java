package com.example.paubox.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The worked examples of README.md and docs/, read as written, for the tests that follow them literally. */
public final class ReadmeExamples {

    /** The hard-bounce branch of the shipped routing table, as it stands in routes/event-router.camel.yaml. */
    public static final String SHIPPED_HARD_BOUNCE_BRANCH = """
                          - expression:
                              simple:
                                expression: "${header.eventName} == 'api_mail_log_permanent_failure'"
                            steps:
                              - to:
                                  uri: direct:ticket-store
                              - to:
                                  uri: direct:slack-alert
            """;

    private ReadmeExamples() {
    }

    /** The YAML block right after {@code <!-- marker -->} in README.md. */
    public static String yaml(String marker) {
        return yaml(Path.of("README.md"), marker);
    }

    /** The YAML block right after {@code <!-- marker -->} in {@code file} (README.md or a page of docs/). */
    public static String yaml(Path file, String marker) {
        return block(file, marker, "yaml");
    }

    /** The {@code language} block right after {@code <!-- marker -->} in {@code file}. */
    public static String block(Path file, String marker, String language) {
        try {
            Matcher found = Pattern.compile("<!-- " + marker + " -->\\s*```" + language + "\\n(.*?)```", Pattern.DOTALL)
                    .matcher(Files.readString(file));
            assertThat(found.find()).as(file + " has a " + language + " block after <!-- " + marker + " -->").isTrue();
            return found.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A copy of {@code routes/} whose routing table has the README's block after
     * {@code <!-- marker -->} in place of {@code shipped}, a part of the shipped router.
     */
    public static Path routesWithRouterPart(String shipped, String marker) {
        return routesWithRouterPartReplaced(shipped, yaml(marker));
    }

    /** A copy of {@code routes/} whose routing table has {@code replacement} in place of {@code shipped}. */
    public static Path routesWithRouterPartReplaced(String shipped, String replacement) {
        try {
            String router = Files.readString(Path.of("routes/event-router.camel.yaml"));
            assertThat(router).as("the shipped router has the part the README example replaces").contains(shipped);
            Path copy = ProjectFiles.copyShippedRoutes(Files.createTempDirectory("routes-edited"));
            Files.writeString(copy.resolve("event-router.camel.yaml"), router.replace(shipped, replacement));
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A copy of {@code routes/} whose routing table is edited as the README's block after
     * {@code <!-- marker -->} shows: that block is a branch of the shipped router with
     * {@code addedStep} added.
     */
    public static Path routesWithRouterEdit(String marker, String addedStep) {
        return routesWithRouterEdit(Path.of("README.md"), marker, addedStep);
    }

    /** As {@link #routesWithRouterEdit(String, String)}, with the block in {@code file} (a page of docs/). */
    public static Path routesWithRouterEdit(Path file, String marker, String addedStep) {
        String after = yaml(file, marker);
        assertThat(after).as("the example adds the step").contains(addedStep);
        return routesWithRouterPartReplaced(after.replace(addedStep, ""), after);
    }
}
