package com.example.paubox.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.ReceiverTest;
import com.example.paubox.support.TestPeers;
import com.example.paubox.support.TrustAnything;
import com.example.paubox.support.Webhooks;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Slack over HTTPS with certificate checks on: a Slack URL served with a certificate no trusted
 * authority signed (WireMock's own self-signed one) gets nothing. The delivery fails and is
 * recorded as such; not one HTTP request reaches the server.
 */
@ReceiverTest
class SlackCertificateIT {

    private static final WireMockServer UNTRUSTED = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1")
            .dynamicPort().dynamicHttpsPort());

    static {
        UNTRUSTED.start();
        UNTRUSTED.stubFor(post(urlEqualTo(TestPeers.SLACK_PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));
    }

    @DynamicPropertySource
    static void untrustedSlack(DynamicPropertyRegistry registry) {
        registry.add("paubox.slack.webhook-url", () -> "https://localhost:" + UNTRUSTED.httpsPort() + TestPeers.SLACK_PATH);
    }

    @AfterAll
    static void stop() {
        UNTRUSTED.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void slackServerWithAnUntrustedCertificateGetsNothing() throws Exception {
        // The server does speak TLS: a client that trusts anything completes a handshake with it.
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, new TrustManager[] {new TrustAnything()}, null);
        try (SSLSocket socket = (SSLSocket) trustAll.getSocketFactory().createSocket("127.0.0.1", UNTRUSTED.httpsPort())) {
            socket.startHandshake();
        }

        String body = new Webhooks(port).post(Webhooks.event("api_mail_log_temporary_failure", Webhooks.nextId(),
                "tls@patient.example.net")).body();
        long eventId = Long.parseLong(body.replaceAll(".*\"eventId\":(\\d+).*", "$1"));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Map<String, Object> delivery = jdbc.queryForMap(
                    "SELECT status, attempts, last_error FROM deliveries WHERE event_id = ? AND sink = 'slack-alert'", eventId);
            assertThat(delivery.get("status")).isIn("FAILED", "DEAD");
            assertThat(((Number) delivery.get("attempts")).intValue()).isPositive();
            assertThat(String.valueOf(delivery.get("last_error"))).doesNotContain(TestPeers.SLACK_PATH);
        });
        assertThat(UNTRUSTED.getAllServeEvents()).as("no request got past the TLS handshake").isEmpty();
    }
}
