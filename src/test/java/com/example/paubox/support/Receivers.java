package com.example.paubox.support;

import com.example.paubox.PauboxEventRouterApplication;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Whole receivers started and stopped by a test itself, for what one test context cannot show:
 * several instances on one database, or a stop and a start on the same data.
 */
public final class Receivers {

    private Receivers() {
    }

    /** A receiver on a random port with its sinks pointed at {@link TestPeers}; {@code extra} wins. */
    public static ConfigurableApplicationContext start(String datasourceUrl, Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", 0);
        properties.put("spring.datasource.url", datasourceUrl);
        properties.put("paubox.webhook.token", Webhooks.TOKEN);
        properties.put("paubox.slack.webhook-url", TestPeers.slackWebhookUrl());
        properties.put("paubox.sinks.slack-alert.pace", "0s");
        properties.put("paubox.alerts.digest.enabled", false);
        properties.put("paubox.watch.enabled", false);
        properties.put("paubox.email.host", "127.0.0.1");
        properties.put("paubox.email.port", TestPeers.smtpPort());
        properties.put("paubox.email.from", "receiver@sender.example.com");
        properties.put("paubox.email.to", "oncall@care.example.org");
        properties.put("paubox.email.require-tls", false);
        properties.put("paubox.delivery.initial-delay", "200ms");
        properties.put("paubox.delivery.max-delay", "1s");
        properties.put("paubox.delivery.poll-interval", "200ms");
        properties.put("paubox.delivery.lease", "2s");
        properties.put("camel.main.jmx-enabled", false);
        properties.putAll(extra);
        // As command-line arguments: they outrank ./application.yaml (builder properties would not).
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(PauboxEventRouterApplication.class).run(args);
    }

    public static int port(ConfigurableApplicationContext receiver) {
        return ((WebServerApplicationContext) receiver).getWebServer().getPort();
    }
}
