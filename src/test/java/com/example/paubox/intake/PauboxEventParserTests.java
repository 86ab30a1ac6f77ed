package com.example.paubox.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.paubox.inbox.PauboxEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PauboxEventParserTests {

    private final PauboxEventParser parser = new PauboxEventParser();

    @Test
    void documentedSampleIsReadIntoAnEvent() throws Exception {
        byte[] sample = Files.readAllBytes(Path.of("samples/api_mail_log_permanent_failure.json"));

        PauboxEvent event = parser.parse(sample);

        assertThat(event.eventName()).isEqualTo("api_mail_log_permanent_failure");
        assertThat(event.pauboxMessageId()).isEqualTo("1000000003");
        assertThat(event.eventKey()).isEqualTo("api_mail_log_permanent_failure:1000000003");
        assertThat(event.recipient()).isEqualTo("jane.roe@patient.example.net");
        assertThat(event.sender()).isEqualTo("appointments@clinic.example.com");
        assertThat(event.eventTime()).isEqualTo(OffsetDateTime.parse("2026-11-27T14:03:43.120Z"));
        assertThat(event.rawBody()).isEqualTo(new String(sample, StandardCharsets.UTF_8));
        assertThat(event.toString()).doesNotContain("jane.roe", "appointment");
    }

    @Test
    void stringIdsAndMissingOptionalFieldsAreAccepted() {
        PauboxEvent event = parse("{\"event_name\":\"api_mail_log_opened\",\"payload\":{\"id\":\"abc-123\",\"time\":\"yesterday\"}}");

        assertThat(event.pauboxMessageId()).isEqualTo("abc-123");
        assertThat(event.recipient()).isNull();
        assertThat(event.eventTime()).isNull();
    }

    @Test
    void typeHintsInTheInputAreJustData() {
        PauboxEvent event = parse("{\"@class\":\"java.lang.ProcessBuilder\",\"event_name\":\"api_mail_log_opened\","
                + "\"payload\":{\"@type\":\"java.net.URL\",\"id\":9}}");

        assertThat(event.pauboxMessageId()).isEqualTo("9");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"event_name\":\"api_mail_log_opened\",\"payload\":{\"id\":1.5}}",
        "{\"event_name\":\"api_mail_log_opened\",\"payload\":{\"id\":true}}",
        "{\"event_name\":\"api_mail_log_opened\",\"payload\":{\"id\":null}}",
        "{\"event_name\":\"api_mail_log_opened\",\"payload\":{\"id\":\"has spaces and ' quotes\"}}",
        "{\"event_name\":\"api_mail_log_opened\",\"payload\":{\"id\":123456789012345678901234567890}}",
        "{\"event_name\":\"bad name with spaces\",\"payload\":{\"id\":1}}",
        "{\"event_name\":\"\",\"payload\":{\"id\":1}}",
        "{\"event_name\":null,\"payload\":{\"id\":1}}",
        "{\"event_name\":\"x\",\"payload\":\"not an object\"}",
        "{\"event_name\":\"x\",\"payload\":{\"id\":1},\"payload\":{\"id\":2}}"
    })
    void malformedEventsAreRejectedWith400(String json) {
        assertRejected(json);
    }

    @Test
    void tenThousandCharacterEventNameIsRejected() {
        assertRejected("{\"event_name\":\"" + "a".repeat(10_000) + "\",\"payload\":{\"id\":1}}");
    }

    @Test
    void deeplyNestedJsonIsRejectedWithoutStackOverflow() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        assertRejected("{\"event_name\":\"x\",\"payload\":{\"id\":1,\"deep\":" + deep + "}}");
    }

    @Test
    void rejectionReasonNeverQuotesTheInput() {
        assertThatThrownBy(() -> parse("{\"event_name\":\"x\",\"payload\":{\"id\":1,\"to\":\"secret@patient.example\"")) // truncated
                .isInstanceOfSatisfying(WebhookRejectedException.class,
                        e -> assertThat(e.getReason()).doesNotContain("secret", "patient"));
    }

    @Test
    void emptyBodyIsRejected() {
        assertThatThrownBy(() -> parser.parse(new byte[0])).isInstanceOf(WebhookRejectedException.class);
    }

    private PauboxEvent parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private void assertRejected(String json) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOfSatisfying(WebhookRejectedException.class, e -> assertThat(e.getStatus()).isEqualTo(400));
    }
}
