package com.example.paubox.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.paubox.support.ProjectFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Route;
import org.apache.camel.support.service.ServiceHelper;
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
        assertThat(validate()).startsWith("0\n").contains("Routes OK: " + shippedRoutes() + " routes");
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

    @Test
    void aDestinationOfAShippedSinkIsValidAndABadlyNamedOneIsRefused() throws IOException {
        copyShippedRoutes();
        edit("event-router.camel.yaml", "uri: direct:email-notify\n", "uri: direct:email-notify/clinic-a-ops\n");
        assertThat(validate()).as("delivered through direct:email-notify").startsWith("0\n");
        edit("event-router.camel.yaml", "uri: direct:email-notify/clinic-a-ops", "uri: direct:email-notify/Clinic_A");
        assertThat(validate()).startsWith("1\n").contains("event-router.camel.yaml", "direct:email-notify/Clinic_A",
                "lower-case letters, digits and dashes");
    }

    @Test
    void routerWithoutSinkNamingIsRefusedSayingWhy() throws IOException {
        copyShippedRoutes();
        edit("event-router.camel.yaml", "    routeConfigurationId: sink-naming\n", "");
        assertThat(validate()).startsWith("1\n").contains("event-router.camel.yaml", "routeConfigurationId: sink-naming");
    }

    @Test
    void sinkDoingItsOwnBookkeepingIsRefusedWithItsFile() throws IOException {
        copyShippedRoutes();
        Files.writeString(routes.resolve("legacy-alert.camel.yaml"), """
                - route:
                    id: legacy-alert
                    from:
                      uri: direct:legacy-alert
                      steps:
                        - filter:
                            expression:
                              method:
                                ref: deliveries
                                method: begin
                            steps:
                              - to:
                                  uri: log:legacy
                """);
        edit("event-router.camel.yaml", "uri: direct:slack-alert", "uri: direct:legacy-alert");
        assertThat(validate()).startsWith("1\n").contains("legacy-alert.camel.yaml", "calls the deliveries bean itself");
    }

    @Test
    void sinkWrittenAsPlainSendStepsIsAccepted() throws IOException {
        copyShippedRoutes();
        Files.writeString(routes.resolve("teams-alert.camel.yaml"), """
                - route:
                    id: teams-alert
                    from:
                      uri: direct:teams-alert
                      steps:
                        - setBody:
                            simple:
                              expression: '{"text": "${header.eventName}"}'
                        - removeHeaders:
                            pattern: "*"
                        - to:
                            uri: https://teams.invalid/webhook
                """);
        edit("event-router.camel.yaml", "                  - to:\n                      uri: direct:slack-alert\n",
                "                  - to:\n                      uri: direct:teams-alert\n                  - to:\n                      uri: direct:slack-alert\n");
        assertThat(validate()).startsWith("0\n").contains("Routes OK: " + (shippedRoutes() + 1) + " routes");
    }

    @Test
    void everyBrokenFileIsReportedInOneRun() throws IOException {
        copyShippedRoutes();
        Files.writeString(routes.resolve("broken.camel.yaml"), "- route:\n    id: broken\n    from:\n      uri: direct:broken\n     steps: [\n");
        edit("event-router.camel.yaml", "uri: direct:unrouted", "uri: nosuchscheme:unrouted");
        edit("ticket-resolve.camel.yaml", "{{paubox.tickets.sql.resolve}}", "{{paubox.tickets.sql.reslove}}");
        edit("slack-alert.camel.yaml", "id: slack-alert", "id: slack-alert\n    routeConfigurationId: no-such-configuration");

        String report = validate();

        assertThat(report).startsWith("1\n");
        assertThat(report.lines().filter(line -> line.startsWith("  - ")))
                .anyMatch(line -> line.contains("broken.camel.yaml"))
                .anyMatch(line -> line.contains("event-router.camel.yaml") && line.contains("nosuchscheme"))
                .anyMatch(line -> line.contains("ticket-resolve.camel.yaml") && line.contains("paubox.tickets.sql.reslove"))
                .anyMatch(line -> line.contains("slack-alert.camel.yaml") && line.contains("no-such-configuration"));
    }

    @Test
    void theEffectiveRoutesIncludePatternIsFollowed() throws IOException {
        copyShippedRoutes();
        edit("event-router.camel.yaml", "uri: direct:unrouted", "uri: nosuchscheme:unrouted");

        String report = validate("--camel.main.routes-include-pattern=file:" + routes + "/*.camel.yaml");

        assertThat(report).startsWith("1\n").contains(routes + "/event-router.camel.yaml", "nosuchscheme");
    }

    @Test
    void routeConfigurationIdWithoutItsConfigurationIsReported() throws IOException {
        copyShippedRoutes();
        edit("event-dispatch.camel.yaml", "routeConfigurationId: dispatch-errors", "routeConfigurationId: dispatch-error");
        assertThat(validate()).startsWith("1\n").contains("event-dispatch.camel.yaml", "dispatch-error,", "routeConfigurationId");
    }

    @Test
    void validationStartsNoConsumerAndBindsNoPort() throws Exception {
        copyShippedRoutes();
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        List<String> started = new ArrayList<>();
        List<String> loaded = new ArrayList<>();
        AtomicBoolean listening = new AtomicBoolean();
        int finalPort = port;
        int exit = RouteValidation.run(new String[] {"--validate", "--PAUBOX_ROUTES_LOCATION=file:" + routes + "/*.camel.yaml",
            "--server.port=" + port}, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), camel -> {
                for (Route route : camel.getRoutes()) {
                    loaded.add(route.getRouteId());
                    if (camel.getRouteController().getRouteStatus(route.getRouteId()).isStarted()
                            || ServiceHelper.isStarted(route.getConsumer())) {
                        started.add(route.getRouteId());
                    }
                }
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", finalPort), 500);
                    listening.set(true);
                } catch (IOException refused) {
                    listening.set(false);
                }
            });

        assertThat(exit).isZero();
        assertThat(loaded).contains("paubox-intake", "event-sweeper", "delivery-retry", "alert-digests").hasSize(shippedRoutes());
        assertThat(started).as("routes whose consumer runs during validation").isEmpty();
        assertThat(listening).as("something listens on server.port during validation").isFalse();
    }

    private String validate() {
        return validate("--PAUBOX_ROUTES_LOCATION=file:" + routes + "/*.camel.yaml");
    }

    private String validate(String location) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = RouteValidation.run(new String[] {"--validate", location}, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return exit + "\n" + bytes.toString(StandardCharsets.UTF_8);
    }

    /** How many routes the shipped files declare (each begins a line with {@code - route:}). */
    private static int shippedRoutes() throws IOException {
        try (var files = Files.list(Path.of("routes"))) {
            int routes = 0;
            for (Path file : files.filter(f -> f.toString().endsWith(".camel.yaml")).toList()) {
                routes += (int) Files.readAllLines(file).stream().filter(line -> line.equals("- route:")).count();
            }
            return routes;
        }
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
