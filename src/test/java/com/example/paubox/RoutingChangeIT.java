package com.example.paubox;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.paubox.support.ReadmeExamples;
import com.example.paubox.support.ReceiverITSupport;
import com.example.paubox.support.Webhooks;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The README's worked example of changing the routing, done exactly as written there: the YAML
 * block under "Example: also email soft bounces" is put into a copy of {@code routes/event-router.camel.yaml},
 * the receiver runs on that copy, and a soft bounce then reaches Slack and email both.
 */
class RoutingChangeIT extends ReceiverITSupport {

    private static final String EMAIL_STEP = "                  - to:\n                      uri: direct:email-notify\n";

    @DynamicPropertySource
    static void editedRoutes(DynamicPropertyRegistry registry) {
        registry.add("PAUBOX_ROUTES_LOCATION", () -> "file:" + routesEditedAsTheReadmeSays() + "/*.camel.yaml");
    }

    @Test
    void softBounceAlsoGoesToEmailAfterTheReadmeEdit() throws Exception {
        long paubox = Webhooks.nextId();
        long eventId = eventId(webhooks.post(Webhooks.event("api_mail_log_temporary_failure", paubox, "mary@patient.example.net")).body());
        awaitDispatched(eventId);

        assertThat(slackMessages()).hasSize(1);
        assertThat(emails()).hasSize(1);
        assertThat(emails()[0].getSubject()).contains("Soft bounce", Long.toString(paubox));
        assertThat(deliveryStatuses(eventId)).containsEntry("slack-alert", "DELIVERED").containsEntry("email-notify", "DELIVERED");
    }

    static Path routesEditedAsTheReadmeSays() {
        return ReadmeExamples.routesWithRouterEdit("routing-example", EMAIL_STEP);
    }
}
