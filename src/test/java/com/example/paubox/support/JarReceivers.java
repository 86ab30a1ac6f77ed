package com.example.paubox.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** For the tests that run the packaged jar as a child process (to kill it): its database, its port, its readiness. */
public final class JarReceivers {

    private JarReceivers() {
    }

    /** The H2 file database under {@code workDir}, as the receiver opens it by default (readable by the test while the process is down). */
    public static String h2Url(Path workDir) {
        return "jdbc:h2:file:" + workDir.resolve("data").resolve("paubox")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    }

    /** Waits (90 s at most) until the receiver on {@code port} says it is ready. */
    public static void awaitReady(int port) {
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).ignoreExceptions().until(() -> http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }

    /**
     * Starts the jar in {@code workDir} on {@code port}, its output appended to {@code log} there,
     * with the test token, Slack at {@link TestPeers} and the H2 database of {@link #h2Url}.
     */
    public static Process start(Path jar, Path workDir, int port, String log, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve(log).toFile()));
        Map<String, String> env = builder.environment();
        env.put("SERVER_PORT", Integer.toString(port));
        env.put("PAUBOX_WEBHOOK_TOKEN", Webhooks.TOKEN);
        env.put("SLACK_WEBHOOK_URL", TestPeers.slackWebhookUrl());
        env.put("SPRING_DATASOURCE_URL", h2Url(workDir));
        return builder.start();
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
