package com.example.paubox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.ReadmeExamples;
import com.example.paubox.support.ReceiverITSupport;
import com.example.paubox.support.TestPeers;
import com.example.paubox.support.Webhooks;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example of docs/alerts.md, done exactly as written there: the hard-bounce branch of the
 * shipped router replaced by the one it shows, {@code SLACK_WEBHOOK_URL_CLINIC_A} and
 * {@code NOTIFY_EMAIL_TO_CLINIC_A_OPS} set. A clinic-a.example hard bounce goes to that Slack
 * webhook and that list; any other domain's to the default webhook; each destination is
 * delivered and retried on its own.
 */
class DestinationsIT extends ReceiverITSupport {

    private static final String CLINIC_A_PATH = "/services/T000TEST/B000CLINA/clinic-a";
    private static final String CLINIC_A_OPS = "ops@clinic-a.example";

    @DynamicPropertySource
    static void theReadmeEdits(DynamicPropertyRegistry registry) {
        registry.add("PAUBOX_ROUTES_LOCATION",
                () -> "file:" + ReadmeExamples.routesWithRouterPartReplaced(ReadmeExamples.SHIPPED_HARD_BOUNCE_BRANCH, ReadmeExamples.yaml(java.nio.file.Path.of("docs/alerts.md"), "alerts-router")) + "/*.camel.yaml");
        registry.add("SLACK_WEBHOOK_URL_CLINIC_A", () -> "http://127.0.0.1:" + TestPeers.slack().port() + CLINIC_A_PATH);
        registry.add("NOTIFY_EMAIL_TO_CLINIC_A_OPS", () -> CLINIC_A_OPS);
    }

    @Test
    void aDomainsHardBounceGoesToItsSlackWebhookAndItsListAndOthersToTheDefault() throws Exception {
        TestPeers.slack().stubFor(post(urlEqualTo(CLINIC_A_PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));
        long clinicA = eventId(webhooks.post(Webhooks.event("api_mail_log_permanent_failure", Webhooks.nextId(),
                "billing@Clinic-A.Example", "pat.one@patient.example.net")).body());
        long other = eventId(webhooks.post(Webhooks.event("api_mail_log_permanent_failure", Webhooks.nextId(),
                "desk@clinic-b.example", "pat.two@patient.example.net")).body());

        await().atMost(Duration.ofSeconds(10)).until(() -> deliveryStatuses(clinicA).values().stream().allMatch("DELIVERED"::equals)
                && deliveryStatuses(clinicA).size() == 3 && "DELIVERED".equals(deliveryStatuses(other).get("slack-alert")));
        assertThat(deliveryStatuses(clinicA)).as("the domain is matched lower-cased; one delivery per destination")
                .containsOnlyKeys("ticket-store", "slack-alert/clinic-a", "email-notify/clinic-a-ops");
        assertThat(deliveryStatuses(other)).containsOnlyKeys("ticket-store", "slack-alert");

        List<String> toClinicA = TestPeers.slack().findAll(postRequestedFor(urlEqualTo(CLINIC_A_PATH))).stream()
                .map(request -> request.getBodyAsString()).toList();
        assertThat(toClinicA).hasSize(1);
        assertThat(toClinicA.get(0)).contains("clinic-a.example", "p***@patient.example.net").doesNotContain("pat.one");
        assertThat(slackMessages()).as("the default webhook gets the other domain's alert only").hasSize(1);
        assertThat(slackMessages().get(0).get("text").asText()).contains("clinic-b.example");

        await().atMost(Duration.ofSeconds(5)).until(() -> emails().length == 1);
        MimeMessage email = emails()[0];
        assertThat(Arrays.stream(email.getRecipients(Message.RecipientType.TO)).map(Object::toString)).containsExactly(CLINIC_A_OPS);
        assertThat(email.getSubject()).startsWith("[Paubox] Hard bounce").doesNotContain(Webhooks.SUBJECT);
    }

    @Test
    void aFailingDestinationIsRetriedOnItsOwn() {
        TestPeers.slack().stubFor(post(urlEqualTo(CLINIC_A_PATH)).willReturn(aResponse().withStatus(503)));
        long clinicA = eventId(webhooks.post(Webhooks.event("api_mail_log_permanent_failure", Webhooks.nextId(),
                "billing@clinic-a.example", "pat.three@patient.example.net")).body());

        // The second attempt has failed too (the attempt is counted when it is claimed, so until
        // its failure is recorded the row says DELIVERING).
        await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED".equals(deliveryStatuses(clinicA).get("email-notify/clinic-a-ops"))
                && count("SELECT COALESCE(MAX(attempts), 0) FROM deliveries WHERE event_id = ? AND sink = 'slack-alert/clinic-a' AND status = 'FAILED'",
                        clinicA) >= 2);
        assertThat(deliveryStatuses(clinicA)).containsEntry("slack-alert/clinic-a", "FAILED").containsEntry("ticket-store", "DELIVERED");

        TestPeers.slack().stubFor(post(urlEqualTo(CLINIC_A_PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));
        await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED".equals(deliveryStatuses(clinicA).get("slack-alert/clinic-a")));
        assertThat(slackMessages()).as("nothing went to the default webhook").isEmpty();
    }
}
