package com.example.paubox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.ReceiverTest;
import com.example.paubox.support.TestPeers;
import com.example.paubox.support.Webhooks;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * SMTP_REQUIRE_TLS defaults to true: against a relay that does not offer STARTTLS (GreenMail's
 * plain SMTP), no mail leaves and the delivery is recorded as failed.
 */
@ReceiverTest
class StartTlsRequiredIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void plainRelayWithTlsRequired(DynamicPropertyRegistry registry) {
        registry.add("paubox.email.host", () -> "127.0.0.1");
        registry.add("paubox.email.port", TestPeers::smtpPort);
        registry.add("paubox.email.require-tls", () -> "true");
    }

    @Test
    void mailIsNotSentToARelayWithoutStartTls() {
        TestPeers.resetSmtp();

        new Webhooks(port).post(Webhooks.event("api_mail_log_opened", Webhooks.nextId(), "reader@patient.example.net"));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "SELECT status || ' ' || last_error FROM deliveries WHERE sink = 'email-notify'", String.class))
                .singleElement().asString().startsWith("FAILED "));
        assertThat(TestPeers.smtp().getReceivedMessages()).isEmpty();
    }
}
