package com.example.paubox.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.paubox.support.ReceiverITSupport;
import com.example.paubox.support.TestPeers;
import com.example.paubox.support.Webhooks;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Requests carrying Camel control headers and mail headers, as HTTP headers and as query
 * parameters (Camel advisories CVE-2025-27636 and CVE-2025-29891): the event is handled exactly as
 * without them, the mail goes only to NOTIFY_EMAIL_TO through the configured relay, the ticket SQL
 * is the configured one, Slack gets the configured webhook, and nothing is echoed back.
 */
class HeaderInjectionIT extends ReceiverITSupport {

    @Autowired
    private CamelContext camel;

    private static final Map<String, String> HOSTILE = new LinkedHashMap<>();

    static {
        HOSTILE.put("CamelHttpUri", "http://127.0.0.1:1/stolen");
        HOSTILE.put("CamelHttpPath", "/stolen");
        HOSTILE.put("CamelSqlQuery", "DELETE FROM tickets");
        HOSTILE.put("CamelJdbcParameters", "x");
        HOSTILE.put("CAmelExecCommandExecutable", "/bin/touch");
        HOSTILE.put("mail.smtp.host", "evil.example");
        HOSTILE.put("To", "attacker@evil.example");
        HOSTILE.put("Cc", "attacker@evil.example");
        HOSTILE.put("Bcc", "attacker@evil.example");
        HOSTILE.put("Subject", "injected");
        HOSTILE.put("From", "ceo@evil.example");
        HOSTILE.put("CamelSlackChannel", "#leak");
        HOSTILE.put("channel", "#leak");
    }

    @Test
    void hostileHeadersAndParametersChangeNothing() throws Exception {
        long ticketsBefore = count("SELECT COUNT(*) FROM tickets");
        HttpResponse<String> hardBounce = hostile(Webhooks.event("api_mail_log_permanent_failure", Webhooks.nextId(), "h@patient.example.net"));
        HttpResponse<String> opened = hostile(Webhooks.event("api_mail_log_opened", Webhooks.nextId(), "o@patient.example.net"));
        assertThat(hardBounce.statusCode()).isEqualTo(200);
        assertThat(opened.statusCode()).isEqualTo(200);
        awaitDispatched(eventId(hardBounce.body()));
        awaitDispatched(eventId(opened.body()));

        assertThat(count("SELECT COUNT(*) FROM tickets")).isEqualTo(ticketsBefore + 1);
        assertThat(slackMessages()).hasSize(1);
        assertThat(TestPeers.slack().getAllServeEvents()).allSatisfy(e -> {
            assertThat(e.getRequest().getUrl()).isEqualTo(TestPeers.SLACK_PATH);
            assertThat(e.getRequest().getBodyAsString()).doesNotContain("#leak");
        });
        MimeMessage[] mails = emails();
        assertThat(mails).hasSize(1);
        assertThat(mails[0].getAllRecipients()).extracting(a -> ((InternetAddress) a).getAddress())
                .containsExactly("oncall@care.example.org");
        assertThat(((InternetAddress) mails[0].getFrom()[0]).getAddress()).isEqualTo("receiver@sender.example.com");
        assertThat(mails[0].getSubject()).startsWith("[Paubox] Opened");
        for (HttpResponse<String> response : new HttpResponse[] {hardBounce, opened}) {
            assertThat(response.headers().map().keySet()).noneMatch(h -> HOSTILE.keySet().stream().anyMatch(h::equalsIgnoreCase));
        }
    }

    @Test
    void theIntakeEndpointCopiesNoRequestHeaderOrParameterIntoTheMessage() {
        var endpoint = (PlatformHttpEndpoint) camel.getRoute("paubox-intake").getEndpoint();
        var filter = endpoint.getHeaderFilterStrategy();
        var exchange = new DefaultExchange(camel);
        assertThat(HOSTILE.keySet()).allMatch(name -> filter.applyFilterToExternalHeaders(name, HOSTILE.get(name), exchange));
        assertThat(filter.applyFilterToExternalHeaders("token", Webhooks.TOKEN, exchange)).isTrue();
        assertThat(filter.applyFilterToCamelHeaders("Retry-After", "5", exchange)).as("an answer's own header goes out").isFalse();
        assertThat(filter.applyFilterToCamelHeaders("CamelHttpUri", "/x", exchange)).as("Camel's own do not").isTrue();
    }

    private HttpResponse<String> hostile(String body) {
        String query = HOSTILE.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(webhooks.endpoint("?token=" + Webhooks.TOKEN + "&" + query))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        HOSTILE.forEach((name, value) -> {
            if (!name.contains(".")) {
                request.header(name, value);
            }
        });
        return webhooks.send(request);
    }
}
