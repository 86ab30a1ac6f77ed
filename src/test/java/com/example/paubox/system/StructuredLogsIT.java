package com.example.paubox.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.ProjectFiles;
import com.example.paubox.support.TestPeers;
import com.example.paubox.support.Webhooks;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs on the packaged jar: every line it prints is one JSON
 * object, the webhook and delivery outcomes among them, and none carries PHI or the token.
 */
class StructuredLogsIT {

    @Test
    void ecsSwitchGivesOneJsonObjectPerLine(@TempDir Path workDir) throws Exception {
        Path jar = ProjectFiles.packagedJar();
        TestPeers.resetSlack();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = workDir.resolve("out.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        builder.environment().put("PAUBOX_WEBHOOK_TOKEN", Webhooks.TOKEN);
        builder.environment().put("SLACK_WEBHOOK_URL", TestPeers.slackWebhookUrl());
        Process receiver = builder.start();
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> Files.readString(log).contains("Started paubox-intake"));
            Webhooks webhooks = new Webhooks(port);
            assertThat(webhooks.post(Webhooks.event("api_mail_log_temporary_failure", Webhooks.nextId(), "ecs@patient.example.net"))
                    .statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(log).contains("outcome=delivered"));
        } finally {
            receiver.destroy();
            receiver.waitFor(30, TimeUnit.SECONDS);
        }
        ObjectMapper json = new ObjectMapper();
        List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSizeGreaterThan(20);
        for (String line : lines) {
            JsonNode entry = json.readTree(line);
            assertThat(entry.has("@timestamp") && entry.has("message")).as(line).isTrue();
        }
        String all = String.join("\n", lines);
        assertThat(all).containsPattern("Webhook event=1 kind=api_mail_log_temporary_failure outcome=accepted latency=\\d+ms")
                .contains("kind=api_mail_log_temporary_failure sink=slack-alert outcome=delivered");
        assertThat(all).doesNotContain("ecs@patient.example.net", Webhooks.TOKEN, Webhooks.SUBJECT);
    }

}
