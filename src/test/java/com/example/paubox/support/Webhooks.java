package com.example.paubox.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Sends webhooks to a running receiver the way Paubox does: JSON over HTTP, token in the URL. */
public final class Webhooks {

    public static final String TOKEN = "test-token-4c1d";
    public static final String ADMIN_TOKEN = "admin-token-9f2e";
    public static final String SUBJECT = "Lab results for Jane Roe";
    public static final String SENDER = "clinic@sender.example.com";

    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() * 10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    public Webhooks(int port) {
        this.port = port;
    }

    /** A fresh Paubox message id, so that events from different tests never collide. */
    public static long nextId() {
        return IDS.incrementAndGet();
    }

    /** A Paubox notification shaped like the documented sample. */
    public static String event(String eventName, long id, String recipient) {
        return event(eventName, id, SENDER, recipient);
    }

    /** The {@code source_tracking_id} that {@link #event} gives the message with this id. */
    public static String trackingId(long id) {
        return "3d1ef39e-b376-4a44-b2b9-85bdb406d%03d".formatted(id % 1000);
    }

    /** A Paubox notification shaped like the documented sample, from this sender. */
    public static String event(String eventName, long id, String sender, String recipient) {
        return """
                {
                  "event_name": "%s",
                  "payload": {
                    "id": %d,
                    "subject": "%s",
                    "header_message_id": "<abc-%d@sender.example.com>",
                    "source_tracking_id": "3d1ef39e-b376-4a44-b2b9-85bdb406d%03d",
                    "outbound_queue_id": "4yFY0y3Yz2",
                    "time": "2026-11-27T20:27:25.379Z",
                    "from": "%s",
                    "to": "%s"
                  }
                }""".formatted(eventName, id, SUBJECT, id, id % 1000, sender, recipient);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port + "/webhooks/paubox?token=" + TOKEN);
    }

    public URI endpoint(String query) {
        return URI.create("http://127.0.0.1:" + port + "/webhooks/paubox" + query);
    }

    public HttpResponse<String> post(String json) {
        return send(HttpRequest.newBuilder(endpoint())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    /** A call to the admin API with the admin token. */
    public HttpResponse<String> admin(String method, String path, String json) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
