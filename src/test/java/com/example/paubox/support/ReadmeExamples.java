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

    private ReadmeExamples() {
    }

    /** The YAML block right after {@code <!-- marker -->} in README.md. */
    public static String yaml(String marker) {
        return yaml(Path.of("README.md"), marker);
    }

    /** The YAML block right after {@code <!-- marker -->} in {@code file} (README.md or a page of docs/). */
    public static String yaml(Path file, String marker) {
        try {
            Matcher found = Pattern.compile("<!-- " + marker + " -->\\s*```yaml\\n(.*?)```", Pattern.DOTALL)
                    .matcher(Files.readString(file));
            assertThat(found.find()).as(file + " has a YAML block after <!-- " + marker + " -->").isTrue();
            return found.group(1);
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
        try {
            String after = yaml(marker);
            assertThat(after).as("the example adds the step").contains(addedStep);
            String before = after.replace(addedStep, "");
            String router = Files.readString(Path.of("routes/event-router.camel.yaml"));
            assertThat(router).as("the README example starts from the shipped router").contains(before);
            Path copy = ProjectFiles.copyShippedRoutes(Files.createTempDirectory("routes-edited"));
            Files.writeString(copy.resolve("event-router.camel.yaml"), router.replace(before, after));
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
