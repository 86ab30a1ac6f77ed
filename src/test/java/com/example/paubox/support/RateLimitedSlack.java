package com.example.paubox.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Slack stand-in that limits each incoming webhook (each path) as Slack does: more than one
 * message a second is answered 429 with {@code Retry-After: 1}. Keeps what each path accepted,
 * and when, and counts what it refused.
 */
public final class RateLimitedSlack implements AutoCloseable {

    /** One accepted message. */
    public record Accepted(long atMillis, String body) {
    }

    private static final long MIN_GAP_MILLIS = Duration.ofSeconds(1).toMillis();

    private final HttpServer server;
    private final Map<String, List<Accepted>> accepted = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> refused = new ConcurrentHashMap<>();
    private final Map<String, Long> last = new ConcurrentHashMap<>();

    public RateLimitedSlack() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        long now = System.currentTimeMillis();
        boolean allowed;
        synchronized (this) {
            Long previous = last.get(path);
            allowed = previous == null || now - previous >= MIN_GAP_MILLIS;
            if (allowed) {
                last.put(path, now);
                accepted.computeIfAbsent(path, p -> new ArrayList<>()).add(new Accepted(now, body));
            }
        }
        if (allowed) {
            byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
        } else {
            refused.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            byte[] limited = "rate_limited".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Retry-After", "1");
            exchange.sendResponseHeaders(429, limited.length);
            exchange.getResponseBody().write(limited);
        }
        exchange.close();
    }

    /** The messages this path accepted, oldest first. */
    public synchronized List<Accepted> accepted(String path) {
        return List.copyOf(accepted.getOrDefault(path, List.of()));
    }

    /** How many this path answered 429. */
    public int refused(String path) {
        AtomicInteger count = refused.get(path);
        return count == null ? 0 : count.get();
    }

    public synchronized void reset() {
        accepted.clear();
        refused.clear();
        last.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
