package com.example.paubox.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.paubox.support.Receivers;
import com.example.paubox.support.Webhooks;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Clients that send a request slowly: a stranger is refused before any body byte is read and
 * holds no thread while it goes on trickling; a client with the right token is cut off by the body
 * deadline (paubox.webhook.body-read-timeout) or, when it stalls, by the read timeout. Nothing
 * they send is stored. The receiver has only four request threads, so that a held thread shows.
 */
class SlowClientIT {

    private static ConfigurableApplicationContext receiver;
    private static int port;

    @BeforeAll
    static void start() {
        receiver = Receivers.start("jdbc:h2:mem:slow;DB_CLOSE_DELAY=-1", Map.of(
                "server.tomcat.connection-timeout", "2s",
                "server.tomcat.threads.max", 4,
                "server.tomcat.threads.min-spare", 1,
                "paubox.webhook.body-read-timeout", "2s"));
        port = Receivers.port(receiver);
        // Warm up (first-request class loading and JIT), so that the timing below measures waiting only.
        for (int i = 0; i < 5; i++) {
            assertThat(post("warm-up" + i + "@patient.example.net").statusCode()).isEqualTo(200);
        }
    }

    /** Webhooks with the right token, sent whole: these and only these are stored. */
    private static int authentic;

    private static HttpResponse<String> post(String recipient) {
        authentic++;
        return new Webhooks(port).post(Webhooks.event("api_mail_log_delivered", Webhooks.nextId(), recipient));
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @AfterEach
    void nothingStoredButTheAuthenticWebhooks() {
        assertThat(receiver.getBean(JdbcTemplate.class).queryForObject("SELECT COUNT(*) FROM webhook_events", Integer.class))
                .isEqualTo(authentic);
    }

    @Test
    void stalledRequestIsCutOffAndNothingIsStored() throws Exception {
        String body = Webhooks.event("api_mail_log_delivered", Webhooks.nextId(), "slow@patient.example.net");
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(head("?token=" + Webhooks.TOKEN, body.length()));
            out.write(body.substring(0, 10).getBytes(StandardCharsets.UTF_8));
            out.flush();
            long start = System.nanoTime();
            String answer = readUntilClosed(socket.getInputStream());
            long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(waitedMillis).as("cut off by the read timeout, not by the test's own").isLessThan(12_000);
            assertThat(answer).doesNotContain("200 ", "accepted");
        }
    }

    @Test
    void strangerTricklingABodyIsRefusedBeforeItIsRead() throws Exception {
        String body = Webhooks.event("api_mail_log_delivered", Webhooks.nextId(), "stranger@patient.example.net");
        for (String query : new String[] {"", "?token=wrong"}) {
            try (Socket socket = connect()) {
                OutputStream out = socket.getOutputStream();
                out.write(head(query, body.length()));
                out.write(body.substring(0, 1).getBytes(StandardCharsets.UTF_8));
                out.flush();
                long start = System.nanoTime();
                String statusLine = readStatusLine(socket.getInputStream());
                long waitedMillis = (System.nanoTime() - start) / 1_000_000;
                assertThat(statusLine).startsWith("HTTP/1.1 401");
                assertThat(waitedMillis).as("answered without waiting for the body").isLessThan(1_500);
            }
        }
    }

    @Test
    void strangersTricklingBodiesHoldNoThreads() throws Exception {
        String body = Webhooks.event("api_mail_log_delivered", Webhooks.nextId(), "flood@patient.example.net");
        AtomicBoolean trickling = new AtomicBoolean(true);
        ExecutorService tricklers = Executors.newFixedThreadPool(8);
        List<Socket> sockets = new ArrayList<>();
        try {
            // Twice as many strangers as the receiver has request threads, each trickling a byte
            // well within the read timeout, for longer than the test needs.
            for (int i = 0; i < 8; i++) {
                Socket socket = connect();
                sockets.add(socket);
                tricklers.submit(() -> trickle(socket, head("?token=wrong-" + socket.getLocalPort(), body.length()), body, trickling));
            }
            Thread.sleep(1_000);
            long start = System.nanoTime();
            HttpResponse<String> paubox = post("paubox@patient.example.net");
            long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(paubox.statusCode()).isEqualTo(200);
            assertThat(waitedMillis).as("Paubox's webhook is not kept waiting by the strangers").isLessThan(1_000);
        } finally {
            trickling.set(false);
            tricklers.shutdownNow();
            tricklers.awaitTermination(5, TimeUnit.SECONDS);
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    @Test
    void tricklingWithTheRightTokenIsCutOffByTheBodyDeadline() throws Exception {
        String body = Webhooks.event("api_mail_log_delivered", Webhooks.nextId(), "trickle@patient.example.net");
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(head("?token=" + Webhooks.TOKEN, body.length()));
            out.flush();
            InputStream in = socket.getInputStream();
            long start = System.nanoTime();
            // A byte every 300 ms (the whole body would take over a minute), each well within the
            // 2 s read timeout: only the total deadline can end it.
            StringBuilder answer = new StringBuilder();
            try {
                for (int i = 0; i < body.length() && in.available() == 0; i++) {
                    out.write(body.charAt(i));
                    out.flush();
                    Thread.sleep(300);
                }
            } catch (SocketException closedByTheReceiver) {
                // the answer is already waiting to be read
            }
            answer.append(readUntilClosed(in));
            long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(answer.toString()).startsWith("HTTP/1.1 408");
            assertThat(waitedMillis).as("cut off by the 2 s body deadline").isBetween(1_500L, 6_000L);
        }
    }

    private static void trickle(Socket socket, byte[] head, String body, AtomicBoolean trickling) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(head);
            out.flush();
            for (int i = 0; trickling.get() && i < body.length(); i++) {
                out.write(body.charAt(i));
                out.flush();
                Thread.sleep(300);
            }
        } catch (IOException | InterruptedException closed) {
            // refused and closed by the receiver, or the test is over
        }
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(15_000);
        return socket;
    }

    private static byte[] head(String query, int contentLength) {
        return ("POST /webhooks/paubox" + query + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + contentLength + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static String readStatusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
            line.append((char) c);
        }
        return line.toString().trim();
    }

    private static String readUntilClosed(InputStream in) throws Exception {
        StringBuilder answer = new StringBuilder();
        byte[] buffer = new byte[1024];
        try {
            for (int read; (read = in.read(buffer)) >= 0; ) {
                answer.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
            }
        } catch (SocketException reset) {
            // the server reset the connection: cut off as well
        }
        return answer.toString();
    }
}
