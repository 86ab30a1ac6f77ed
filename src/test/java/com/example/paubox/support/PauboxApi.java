package com.example.paubox.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.util.HashMap;
import java.util.Map;

/**
 * A stand-in for Paubox's "Get message receipt" API on loopback (WireMock), for the
 * reconciliation tests, and the settings that point a receiver at it.
 */
public final class PauboxApi {

    public static final String API_USERNAME = "acme-clinic";
    public static final String API_KEY = "paubox-api-key-5e7a0c";
    public static final String RECEIPT_PATH = "/v1/" + API_USERNAME + "/message_receipt";

    private static WireMockServer server;

    private PauboxApi() {
    }

    public static synchronized WireMockServer server() {
        if (server == null) {
            server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
            server.start();
        }
        return server;
    }

    /** Reconciliation on, against the stand-in, with short waits: asked 1 s after a soft bounce, again every second. */
    public static Map<String, Object> settings() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("paubox.reconcile.api-username", API_USERNAME);
        settings.put("paubox.reconcile.api-key", API_KEY);
        settings.put("paubox.reconcile.base-url", "http://127.0.0.1:" + server().port() + "/v1");
        settings.put("paubox.reconcile.after", "1s");
        settings.put("paubox.reconcile.every", "1s");
        settings.put("paubox.reconcile.request-interval", "100ms");
        settings.put("paubox.reconcile.discover-interval", "300ms");
        settings.put("paubox.reconcile.around", "1s");
        return settings;
    }

    /** Paubox answers this state for the message {@link Webhooks#event} sent with this id. */
    public static void receipt(long id, String recipient, String delivery, String opened) {
        receipt(Webhooks.trackingId(id), recipient, delivery, opened);
    }

    public static void receipt(String trackingId, String recipient, String delivery, String opened) {
        server().stubFor(get(urlPathEqualTo(RECEIPT_PATH)).withQueryParam("sourceTrackingId", equalTo(trackingId))
                .willReturn(answer(trackingId, recipient, delivery, opened)));
    }

    public static ResponseDefinitionBuilder answer(String trackingId, String recipient, String delivery, String opened) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(receiptJson(trackingId, recipient, delivery, opened));
    }

    /** A receipt shaped like Paubox's documented example. */
    public static String receiptJson(String trackingId, String recipient, String delivery, String opened) {
        return """
                {"sourceTrackingId": "%s",
                 "data": {"message": {"id": "<f4a9b518-439c-497d-b87f-dfc9cc19194b@sender.example.com>",
                   "message_deliveries": [{"recipient": "%s", "status": {"deliveryStatus": "%s",
                     "deliveryTime": "Mon, 30 Nov 2026 13:27:34 -0700"%s}}]}}}"""
                .formatted(trackingId, recipient, delivery, opened == null ? ", \"openedStatus\": \"unopened\""
                        : ", \"openedStatus\": \"opened\", \"openedTime\": \"Mon, 30 Nov 2026 13:29:51 -0700\"");
    }
}
