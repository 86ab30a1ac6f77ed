package com.example.paubox.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.paubox.support.ProjectFiles;
import com.example.paubox.support.Receivers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A route set that would lose events silently does not start: not only {@code --validate} but the
 * receiver itself refuses it, naming the file and saying how to declare the sink.
 */
class SinkChecksIT {

    @Test
    void routerWithoutSinkNamingRefusesToStart(@TempDir Path routes) throws Exception {
        assertThatThrownBy(() -> startWithRouterEdited(routes, "    routeConfigurationId: sink-naming\n", ""))
                .rootCause().hasMessageContaining("event-router.camel.yaml")
                .hasMessageContaining("must keep routeConfigurationId: sink-naming");
    }

    @Test
    void namedSinkThatNoRouteReadsRefusesToStart(@TempDir Path routes) throws Exception {
        assertThatThrownBy(() -> startWithRouterEdited(routes, "uri: direct:email-notify", "uri: direct:email-notfy"))
                .rootCause().hasMessageContaining("names sink direct:email-notfy, but no route reads from direct:email-notfy")
                .hasMessageContaining("Add a sink");
    }

    @Test
    void slackDestinationInClearTextRefusesToStart(@TempDir Path routes) throws Exception {
        System.setProperty("SLACK_WEBHOOK_URL_CLINIC_A", "http://hooks.example.net/services/T/B/x");
        try {
            assertThatThrownBy(() -> startWithRouterEdited(routes, "uri: direct:slack-alert", "uri: direct:slack-alert/clinic-a"))
                    .rootCause().hasMessageContaining("SLACK_WEBHOOK_URL_CLINIC_A (Slack destination clinic-a) must start with https://")
                    .hasMessageNotContaining("hooks.example.net");
        } finally {
            System.clearProperty("SLACK_WEBHOOK_URL_CLINIC_A");
        }
    }

    /** Starts (and, should it start, stops) a receiver on the shipped routes with one edit to the router. */
    private static void startWithRouterEdited(Path routes, String text, String replacement) throws Exception {
        ProjectFiles.copyShippedRoutes(routes);
        Path router = routes.resolve("event-router.camel.yaml");
        String shipped = Files.readString(router);
        assertThat(shipped).contains(text);
        Files.writeString(router, shipped.replace(text, replacement));
        Receivers.start("jdbc:h2:mem:sink-checks-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                Map.of("PAUBOX_ROUTES_LOCATION", "file:" + routes + "/*.camel.yaml")).close();
    }
}
