package com.example.paubox;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.paubox.support.ProjectFiles;
import com.example.paubox.support.ReceiverITSupport;
import com.example.paubox.support.Webhooks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The README's worked example of changing the routing, done exactly as written there: the YAML
 * block under "Example: also email soft bounces" is put into a copy of {@code routes/event-router.camel.yaml},
 * the receiver runs on that copy, and a soft bounce then reaches Slack and email both.
 */
class RoutingChangeIT extends ReceiverITSupport {

    private static final Pattern README_EXAMPLE =
            Pattern.compile("<!-- routing-example -->\\s*```yaml\\n(.*?)```", Pattern.DOTALL);
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
        try {
            Matcher example = README_EXAMPLE.matcher(Files.readString(Path.of("README.md")));
            assertThat(example.find()).as("README.md has the routing example after <!-- routing-example -->").isTrue();
            String after = example.group(1);
            assertThat(after).as("the example adds the email step").contains(EMAIL_STEP);
            String before = after.replace(EMAIL_STEP, "");
            String router = Files.readString(Path.of("routes/event-router.camel.yaml"));
            assertThat(router).as("the README example starts from the shipped router").contains(before);

            Path copy = Files.createTempDirectory("routes-edited");
            ProjectFiles.copyShippedRoutes(copy);
            Files.writeString(copy.resolve("event-router.camel.yaml"), router.replace(before, after));
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
