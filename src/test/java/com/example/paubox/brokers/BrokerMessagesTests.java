package com.example.paubox.brokers;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.paubox.inbox.PauboxEvent;
import com.example.paubox.support.ReadmeExamples;
import com.example.paubox.support.Webhooks;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The broker message, in both forms: the fields README "Brokers" names, and no address in the minimal one. */
class BrokerMessagesTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RAW = Webhooks.event("api_mail_log_permanent_failure", 1000000001L, "jane.roe@patient.example.net");
    private static final PauboxEvent EVENT = new PauboxEvent(42L, "api_mail_log_permanent_failure", "1000000001",
            "jane.roe@patient.example.net", "clinic@sender.example.com", OffsetDateTime.parse("2026-11-27T20:27:25.379Z"), RAW,
            OffsetDateTime.parse("2026-12-01T14:02:11.123Z"));

    @Test
    void theFullMessageCarriesTheNotificationAsPauboxSentIt() throws Exception {
        JsonNode message = JSON.readTree(new BrokerMessages(new BrokerProperties(BrokerProperties.Message.FULL)).json(EVENT));
        assertThat(message.get("eventId").asLong()).isEqualTo(42);
        assertThat(message.get("eventKey").asText()).isEqualTo("api_mail_log_permanent_failure:1000000001");
        assertThat(message.get("eventName").asText()).isEqualTo("api_mail_log_permanent_failure");
        assertThat(message.get("pauboxMessageId").asText()).isEqualTo("1000000001");
        assertThat(message.get("receivedAt").asText()).isEqualTo("2026-12-01T14:02:11.123Z");
        assertThat(message.get("notification")).isEqualTo(JSON.readTree(RAW));
    }

    @Test
    void theReadmesMessageHasTheFieldsOfARealOne() throws Exception {
        JsonNode documented = JSON.readTree(ReadmeExamples.block(Path.of("README.md"), "broker-message", "json"));
        JsonNode real = JSON.readTree(new BrokerMessages(new BrokerProperties(BrokerProperties.Message.FULL)).json(EVENT));
        List<String> documentedFields = new ArrayList<>();
        documented.fieldNames().forEachRemaining(documentedFields::add);
        List<String> realFields = new ArrayList<>();
        real.fieldNames().forEachRemaining(realFields::add);
        assertThat(documentedFields).isEqualTo(realFields);
        assertThat(documented.get("eventKey").asText()).isEqualTo(real.get("eventKey").asText());
    }

    @Test
    void theMinimalMessageCarriesWhatTheAlertsShowAndNoAddress() throws Exception {
        String json = new BrokerMessages(new BrokerProperties(BrokerProperties.Message.MINIMAL)).json(EVENT);
        JsonNode message = JSON.readTree(json);
        assertThat(message.has("notification")).isFalse();
        assertThat(message.get("maskedRecipient").asText()).isEqualTo("j***@patient.example.net");
        assertThat(message.get("senderDomain").asText()).isEqualTo("sender.example.com");
        assertThat(message.get("eventTime").asText()).isEqualTo("2026-11-27T20:27:25.379Z");
        assertThat(json).doesNotContain("jane.roe", "clinic@", Webhooks.SUBJECT);
    }
}
