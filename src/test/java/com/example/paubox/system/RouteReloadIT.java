package com.example.paubox.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.ProjectFiles;
import com.example.paubox.support.Receivers;
import com.example.paubox.support.TestPeers;
import com.example.paubox.support.Webhooks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The dev profile: saving a route file changes the running receiver. A soft bounce goes to Slack
 * only; the router file is edited to send soft bounces to email too; the next one reaches both,
 * without a restart.
 */
class RouteReloadIT {

    @Test
    void savingTheRouterFileChangesRoutingWithoutARestart(@TempDir Path routes) throws Exception {
        ProjectFiles.copyShippedRoutes(routes);
        TestPeers.resetSlack();
        TestPeers.resetSmtp();
        try (ConfigurableApplicationContext receiver = Receivers.start("jdbc:h2:mem:reload;DB_CLOSE_DELAY=-1", Map.of(
                "spring.profiles.active", "dev",
                "camel.main.routes-reload-directory", routes.toString(),
                "PAUBOX_ROUTES_LOCATION", "file:" + routes + "/*.camel.yaml"))) {
            Webhooks webhooks = new Webhooks(Receivers.port(receiver));
            webhooks.post(Webhooks.event("api_mail_log_temporary_failure", Webhooks.nextId(), "before@patient.example.net"));
            await().atMost(Duration.ofSeconds(10)).until(() -> TestPeers.slack().getAllServeEvents().size() == 1);
            assertThat(TestPeers.smtp().getReceivedMessages()).isEmpty();

            Path router = routes.resolve("event-router.camel.yaml");
            String before = "                steps:\n                  - to:\n                      uri: direct:slack-alert\n"
                    + "              - expression:\n                  simple:\n                    expression: \"${header.eventName} == 'api_mail_log_opened'\"";
            String text = Files.readString(router);
            assertThat(text).contains(before);
            Files.writeString(router, text.replace(before, before.replace("uri: direct:slack-alert\n",
                    "uri: direct:slack-alert\n                  - to:\n                      uri: direct:email-notify\n")));

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                webhooks.post(Webhooks.event("api_mail_log_temporary_failure", Webhooks.nextId(), "after@patient.example.net"));
                return TestPeers.smtp().getReceivedMessages().length > 0;
            });
            assertThat(TestPeers.smtp().getReceivedMessages()[0].getSubject()).contains("Soft bounce");
        }
    }
}
