package com.example.paubox;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.PauboxApi;
import com.example.paubox.support.ReceiverITSupport;
import com.example.paubox.support.TestPeers;
import com.example.paubox.support.Webhooks;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * PHI and secrets stay in: with every logger at DEBUG, the four kinds of event go through (token
 * in the URL and in the Authorization header), then the captured log, the Slack bodies and the
 * emails are searched for the addresses, the subject, the token, the raw body and the Slack
 * webhook URL (a credential). Then more hard bounces and opened events, which digests carry
 * (an 8-second window), searched the same way: a digest never shows a full address, whatever the
 * display. Runs with the default {@code masked} display; the subclasses run it with
 * {@code hashed} and {@code full}.
 */
@ExtendWith(OutputCaptureExtension.class)
class PrivacyIT extends ReceiverITSupport {

    @DynamicPropertySource
    static void digestsOn(DynamicPropertyRegistry registry) {
        registry.add("paubox.alerts.digest.enabled", () -> "true");
        registry.add("paubox.alerts.digest.window", () -> "8s");
        // The watch looking, and reconciliation asking Paubox about the soft bounce (its key must stay out too).
        registry.add("paubox.watch.enabled", () -> "true");
        registry.add("paubox.watch.interval", () -> "200ms");
        PauboxApi.settings().forEach((name, value) -> registry.add(name, () -> value));
    }

    /** Whether Slack and email may show the recipient in full ({@code full} display chosen by the operator). */
    protected boolean sinksShowFullRecipient() {
        return false;
    }

    private static final String[] KINDS = {
        "api_mail_log_permanent_failure", "api_mail_log_temporary_failure", "api_mail_log_opened", "api_mail_log_delivered"};

    @Test
    void noAddressSubjectTokenOrBodyInLogsSlackOrEmail(CapturedOutput output) throws Exception {
        LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
        logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.DEBUG);
        // The test's own HTTP client logs the URLs it calls, token included: it is not the receiver.
        logging.setLogLevel("jdk.internal.httpclient.debug", LogLevel.INFO);
        // Nor is GreenMail, the test's SMTP server, which logs the mail it receives (with the full display, the address).
        logging.setLogLevel("com.icegreen.greenmail", LogLevel.INFO);
        try {
            sendAllKinds(output);
        } finally {
            logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.INFO);
        }
    }

    private void sendAllKinds(CapturedOutput output) throws Exception {
        PauboxApi.server().resetAll();
        PauboxApi.server().stubFor(get(urlPathEqualTo(PauboxApi.RECEIPT_PATH)).willReturn(PauboxApi.answer(
                "3d1ef39e-b376-4a44-b2b9-85bdb406d000", "someone@elsewhere.example", "soft bounced", null)));
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < KINDS.length; i++) {
            String recipient = "jane.roe" + i + "@patient.example.net";
            recipients.add(recipient);
            String body = Webhooks.event(KINDS[i], Webhooks.nextId(), recipient);
            // The third also carries the token under another spelling, which does not authenticate
            // but must not be printed with the request line either.
            long eventId = i == 2
                    ? eventId(webhooks.send(HttpRequest.newBuilder(webhooks.endpoint("?token=" + Webhooks.TOKEN + "&Token=" + Webhooks.TOKEN))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))).body())
                    : i % 2 == 0
                    ? eventId(webhooks.post(body).body())
                    : eventId(webhooks.send(HttpRequest.newBuilder(webhooks.endpoint(""))
                            .header("Authorization", "Bearer " + Webhooks.TOKEN)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))).body());
            awaitDispatched(eventId);
        }
        assertThat(slackMessages()).hasSize(2);
        assertThat(emails()).hasSize(1);
        // Then bursts: the hard bounces and the opened events that follow within the window go out as digests.
        List<String> digested = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            for (String kind : new String[] {KINDS[0], KINDS[2]}) {
                String recipient = "john.burst" + i + kind.length() + "@patient.example.net";
                digested.add(recipient);
                webhooks.post(Webhooks.event(kind, Webhooks.nextId(), recipient));
            }
        }
        await().atMost(Duration.ofSeconds(25)).until(() -> slackMessages().size() == 3 && emails().length == 2);
        assertThat(slackMessages().get(2).toString()).contains("Hard bounce digest: 3 alerts");
        assertThat(emails()[1].getSubject()).contains("Opened digest: 3 alerts");
        for (String recipient : digested) {
            assertThat(slackMessages().get(2).toString()).as("a Slack digest, whatever the display").doesNotContain(recipient);
            assertThat(emails()[1].getContent().toString()).as("an email digest, whatever the display").doesNotContain(recipient);
        }
        recipients.addAll(digested);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                !PauboxApi.server().findAll(getRequestedFor(urlPathEqualTo(PauboxApi.RECEIPT_PATH))).isEmpty());

        List<String> secrets = new ArrayList<>(recipients);
        secrets.addAll(List.of(Webhooks.SUBJECT, Webhooks.SENDER, Webhooks.TOKEN, "source_tracking_id", "header_message_id",
                TestPeers.SLACK_PATH, "T000TEST/B000TEST", PauboxApi.API_KEY));
        List<String> sinkSecrets = new ArrayList<>(secrets);
        if (sinksShowFullRecipient()) {
            sinkSecrets.removeAll(recipients);
            assertThat(slackMessages().toString()).as("Slack, full display").contains(recipients.get(0));
        }
        String logs = output.getAll();
        assertThat(logs).as("something was logged at DEBUG").contains("DEBUG");
        for (String secret : secrets) {
            assertThat(logs).as("the log").doesNotContain(secret);
        }
        for (String secret : sinkSecrets) {
            assertThat(slackMessages().toString()).as("Slack").doesNotContain(secret);
            for (MimeMessage mail : emails()) {
                assertThat(mail.getContent().toString() + mail.getSubject()).as("email").doesNotContain(secret);
            }
        }
    }
}
