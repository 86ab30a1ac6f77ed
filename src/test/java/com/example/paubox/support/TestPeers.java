package com.example.paubox.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The real peers the receiver talks to in tests, on loopback, one of each per test JVM: WireMock
 * standing in for Slack's incoming-webhook endpoint and GreenMail as the SMTP relay.
 */
public final class TestPeers {

    public static final String SLACK_PATH = "/services/T000TEST/B000TEST/testhook";

    private static WireMockServer slack;
    private static GreenMail smtp;

    private TestPeers() {
    }

    public static synchronized WireMockServer slack() {
        if (slack == null) {
            slack = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
            slack.start();
            resetSlack();
        }
        return slack;
    }

    public static synchronized GreenMail smtp() {
        if (smtp == null) {
            smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
        }
        return smtp;
    }

    public static String slackWebhookUrl() {
        return "http://127.0.0.1:" + slack().port() + SLACK_PATH;
    }

    public static int smtpPort() {
        return smtp().getSmtp().getPort();
    }

    /** Forgets what Slack received and makes it answer 200 {@code ok}, as Slack does. */
    public static void resetSlack() {
        slack().resetAll();
        slack().stubFor(post(urlEqualTo(SLACK_PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));
    }

    /** How many times Slack accepted (HTTP 200) an alert for each Paubox message id. */
    public static Map<Long, Long> acceptedAlertsByPauboxId() {
        return slack().getAllServeEvents().stream()
                .filter(e -> e.getResponseDefinition().getFault() == null && e.getResponse().getStatus() == 200)
                .map(e -> Long.parseLong(e.getRequest().getBodyAsString().replaceAll("(?s).*Paubox message (\\d+).*", "$1")))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    public static void resetSmtp() {
        try {
            smtp().purgeEmailFromAllMailboxes();
        } catch (FolderException e) {
            throw new IllegalStateException("could not empty GreenMail's mailboxes", e);
        }
    }
}
