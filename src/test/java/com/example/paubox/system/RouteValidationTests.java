package com.example.paubox.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.paubox.support.ProjectFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --validate} on a copy of the shipped routes, whole and then broken in each way an edit
 * can break it: every failure exits non-zero and names the file.
 */
class RouteValidationTests {

    @TempDir
    Path routes;

    @Test
    void shippedRoutesAreValid() throws IOException {
        copyShippedRoutes();
        assertThat(validate()).startsWith("0\n").contains("Routes OK: 10 routes");
    }

    @Test
    void brokenYamlIsReportedWithItsFile() throws IOException {
        copyShippedRoutes();
        Files.writeString(routes.resolve("broken.camel.yaml"), "- route:\n    id: broken\n    from:\n      uri: direct:broken\n     steps: [\n");
        assertThat(validate()).startsWith("1\n").contains("broken.camel.yaml");
    }

    @Test
    void unknownEndpointSchemeIsReportedWithItsFile() throws IOException {
        copyShippedRoutes();
        edit("event-router.camel.yaml", "uri: direct:unrouted", "uri: nosuchscheme:unrouted");
        assertThat(validate()).startsWith("1\n").contains("event-router.camel.yaml", "nosuchscheme");
    }

    @Test
    void missingPlaceholderIsReportedWithItsFile() throws IOException {
        copyShippedRoutes();
        edit("ticket-resolve.camel.yaml", "{{paubox.tickets.sql.resolve}}", "{{paubox.tickets.sql.reslove}}");
        assertThat(validate()).startsWith("1\n").contains("ticket-resolve.camel.yaml", "paubox.tickets.sql.reslove");
    }

    @Test
    void danglingDirectIsReportedWithItsFile() throws IOException {
        copyShippedRoutes();
        edit("event-router.camel.yaml", "uri: direct:unrouted", "uri: direct:unrouted-typo");
        assertThat(validate()).startsWith("1\n").contains("event-router.camel.yaml", "direct:unrouted-typo");
    }

    private String validate() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = RouteValidation.run(new String[] {"--validate", "--PAUBOX_ROUTES_LOCATION=file:" + routes + "/*.camel.yaml"},
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return exit + "\n" + bytes.toString(StandardCharsets.UTF_8);
    }

    private void copyShippedRoutes() throws IOException {
        ProjectFiles.copyShippedRoutes(routes);
    }

    private void edit(String file, String from, String to) throws IOException {
        String text = Files.readString(routes.resolve(file));
        assertThat(text).contains(from);
        Files.writeString(routes.resolve(file), text.replace(from, to));
    }
}
