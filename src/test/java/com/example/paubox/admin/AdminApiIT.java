package com.example.paubox.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.paubox.support.ReceiverITSupport;
import com.example.paubox.support.Webhooks;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The operators' API over real HTTP: events by status and kind, one event's deliveries, counts, OpenAPI. */
class AdminApiIT extends ReceiverITSupport {

    @Test
    void eventsAreListedPagedWithMaskedRecipientsAndTheirDeliveries() throws Exception {
        long hardBounce = eventId(webhooks.post(Webhooks.event("api_mail_log_permanent_failure", Webhooks.nextId(), "listed@patient.example.net")).body());
        long clicked = eventId(webhooks.post("{\"event_name\":\"api_mail_log_clicked\",\"payload\":{\"id\":" + Webhooks.nextId() + "}}").body());
        awaitDispatched(hardBounce);
        awaitDispatched(clicked);

        JsonNode all = json(webhooks.admin("GET", "/admin/events?size=1", null));
        assertThat(all.get("items")).hasSize(1);
        assertThat(all.get("items").get(0).get("id").asLong()).as("newest first").isEqualTo(clicked);

        JsonNode unrouted = json(webhooks.admin("GET", "/admin/events?status=UNROUTED", null));
        assertThat(unrouted.get("items")).hasSize(1);
        assertThat(unrouted.get("items").get(0).get("event_name").asText()).isEqualTo("api_mail_log_clicked");

        HttpResponse<String> byKind = webhooks.admin("GET", "/admin/events?kind=api_mail_log_permanent_failure", null);
        assertThat(json(byKind).get("items").get(0).get("recipient").asText()).isEqualTo("l***@patient.example.net");
        assertThat(byKind.body()).doesNotContain("listed@", Webhooks.SUBJECT);

        JsonNode one = json(webhooks.admin("GET", "/admin/events/" + hardBounce, null));
        assertThat(one.get("status").asText()).isEqualTo("DISPATCHED");
        assertThat(one.get("deliveries")).extracting(d -> d.get("sink").asText() + " " + d.get("status").asText())
                .containsExactlyInAnyOrder("ticket-store DELIVERED", "slack-alert DELIVERED");

        assertThat(webhooks.admin("GET", "/admin/events/999999999", null).statusCode()).isEqualTo(404);
        assertThat(webhooks.admin("GET", "/admin/events?status=NOPE", null).statusCode()).isEqualTo(400);

        JsonNode stats = json(webhooks.admin("GET", "/admin/stats", null));
        assertThat(stats.get("lastHour").get("events").get("DISPATCHED").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(stats.get("lastDay").get("deliveries").get("DELIVERED").asLong()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void openApiDescriptionIsServedBehindTheAdminToken() {
        HttpResponse<String> openapi = webhooks.admin("GET", "/admin/openapi.yaml", null);
        assertThat(openapi.statusCode()).isEqualTo(200);
        assertThat(openapi.body()).contains("openapi: 3.0.3", "/admin/events/{id}", "/admin/dead-letters/replay");
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
