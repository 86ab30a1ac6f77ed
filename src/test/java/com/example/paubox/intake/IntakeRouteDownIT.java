package com.example.paubox.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.paubox.support.ReceiverITSupport;
import com.example.paubox.support.Webhooks;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.event.RouteStartedEvent;
import org.apache.camel.spi.RouteController;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * While the intake route is stopped or its consumer suspended (a reload, an operator, a stop under
 * way) a webhook gets {@code 503} with {@code Retry-After}, never Spring MVC's {@code 404} or
 * Camel's bare {@code 503}, and nothing is stored; a stranger still gets {@code 401}. (The
 * receiver starting up is {@link StartupWindowIT}.)
 */
@ExtendWith(OutputCaptureExtension.class)
class IntakeRouteDownIT extends ReceiverITSupport {

    private static final String INTAKE = IntakePressure.INTAKE_ROUTE;
    private static final Pattern STOPPING_LINE = Pattern.compile("Webhook outcome=unavailable status=503 latency=\\d+ms reason=stopping");

    @Autowired
    private CamelContext camel;

    @Autowired
    private IntakeAvailability availability;

    /** The context is shared with other tests: the intake route runs again whatever happened here. */
    @AfterEach
    void intakeRunsAgain() throws Exception {
        RouteController routes = camel.getRouteController();
        if (routes.getRouteStatus(INTAKE).isSuspended()) {
            routes.resumeRoute(INTAKE);
        }
        if (!routes.getRouteStatus(INTAKE).isStarted()) {
            routes.startRoute(INTAKE);
        }
    }

    @Test
    void stoppedIntakeRouteAnswers503WithRetryAfterAndStoresNothing(CapturedOutput output) throws Exception {
        camel.getRouteController().stopRoute(INTAKE);

        HttpResponse<String> response = webhooks.post(event());
        assertUnavailable(response, "stopping");
        assertThat(count("SELECT COUNT(*) FROM webhook_events")).isZero();
        assertThat(STOPPING_LINE.matcher(output.getAll()).results().count()).as("one log line").isEqualTo(1L);
        assertThat(output.getAll()).doesNotContain(Webhooks.TOKEN, "@patient.example.net");
        String metrics = webhooks.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                .header("Authorization", "Bearer " + Webhooks.ADMIN_TOKEN)).body();
        assertThat(metrics).contains("paubox_webhooks_received_total{application=\"paubox-event-router\",event=\"unknown\",outcome=\"unavailable\"}");

        camel.getRouteController().startRoute(INTAKE);
        HttpResponse<String> again = webhooks.post(event());
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("\"status\":\"accepted\"");
        awaitDispatched(eventId(again.body())); // nothing left in flight for the next test's clean-up
    }

    @Test
    void suspendedIntakeConsumerAnswersTheSame503(CapturedOutput output) throws Exception {
        // A suspended platform-http consumer answers a bare 503 itself (no Retry-After, Spring's
        // error body); the route is still "started", so this is the filter's answer on the way back.
        camel.getRouteController().suspendRoute(INTAKE);

        assertUnavailable(webhooks.post(event()), "stopping");
        assertThat(count("SELECT COUNT(*) FROM webhook_events")).isZero();
        assertThat(STOPPING_LINE.matcher(output.getAll()).results().count()).as("one log line").isEqualTo(1L);

        camel.getRouteController().resumeRoute(INTAKE);
        HttpResponse<String> again = webhooks.post(event());
        assertThat(again.statusCode()).isEqualTo(200);
        awaitDispatched(eventId(again.body()));
    }

    @Test
    void aWebhookThatSlipsPastTheCheckToAStoppedConsumerGetsThe503Too() throws Exception {
        // The race the filter's check cannot close: it saw the route running, and the route
        // stopped before the request reached it. Camel keeps the stopped consumer mapped.
        camel.getRouteController().stopRoute(INTAKE);
        availability.notify(new RouteStartedEvent(camel.getRoute(INTAKE)));

        assertUnavailable(webhooks.post(event()), "stopping");
        assertThat(count("SELECT COUNT(*) FROM webhook_events")).isZero();
    }

    @Test
    void strangerGets401NotTheReceiversState() throws Exception {
        camel.getRouteController().stopRoute(INTAKE);

        HttpResponse<String> response = webhooks.send(HttpRequest.newBuilder(webhooks.endpoint("?token=Wrong-Secret-77"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event())));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers().firstValue("Retry-After")).isEmpty();
    }

    private static void assertUnavailable(HttpResponse<String> response, String reason) {
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(response.headers().firstValue("Connection")).hasValue("close");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).isEqualTo("{\"status\":\"unavailable\",\"reason\":\"" + reason + "\"}");
    }

    private static String event() {
        long id = Webhooks.nextId();
        return Webhooks.event("api_mail_log_delivered", id, "down" + id + "@patient.example.net");
    }

}
