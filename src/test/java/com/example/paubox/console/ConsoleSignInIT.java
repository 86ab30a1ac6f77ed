package com.example.paubox.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.paubox.support.ConsoleClient;
import com.example.paubox.support.ReceiverITSupport;
import com.example.paubox.support.Webhooks;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The console's door, over HTTP as a browser sees it: sign-in, its cookie and headers, CSRF, sign-out. */
@ExtendWith(OutputCaptureExtension.class)
class ConsoleSignInIT extends ReceiverITSupport {

    ConsoleClient console;

    @BeforeEach
    void browser() {
        console = new ConsoleClient(port);
    }

    @Test
    void aPageWithoutASessionSendsToTheSignInForm() {
        HttpResponse<String> page = console.get("/console");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/console/sign-in"));
    }

    @Test
    void theSignInFormIsServedWithAStrictPolicyAndNoCaching() {
        HttpResponse<String> form = console.get("/console/sign-in");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("name=\"token\"", "name=\"_csrf\"").doesNotContain("<script>", "style=\"");
        assertThat(form.headers().firstValue("Content-Security-Policy")).hasValue(ConsoleSecurity.CONTENT_SECURITY_POLICY);
        assertThat(form.headers().firstValue("Cache-Control")).hasValueSatisfying(c -> assertThat(c).contains("no-store"));
        assertThat(form.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(form.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        // Its stylesheet, from the jar.
        HttpResponse<String> css = console.get("/console/assets/console.css");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
    }

    @Test
    void theAdminTokenSignsInWithAStrictHttpOnlyCookieAndAWrongOneDoesNot(CapturedOutput output) {
        HttpResponse<String> wrong = console.signIn("dana", "not-the-token");
        assertThat(wrong.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/console/sign-in?failed"));
        assertThat(console.get("/console").statusCode()).isEqualTo(302);

        HttpResponse<String> right = console.signIn("dana", Webhooks.ADMIN_TOKEN);
        assertThat(right.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/console"));
        String cookie = right.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("PAUBOX_CONSOLE=")).findFirst()
                .orElseThrow();
        assertThat(cookie).contains("Path=/console", "HttpOnly", "SameSite=Strict");
        HttpResponse<String> overview = console.get("/console");
        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.body()).contains("<h1>Overview</h1>", "dana");
        assertThat(overview.headers().firstValue("Cache-Control")).hasValueSatisfying(c -> assertThat(c).contains("no-store"));

        assertThat(output.getAll()).contains("Console sign-in refused", "Console sign-in operator=dana")
                .doesNotContain("not-the-token").doesNotContain(Webhooks.ADMIN_TOKEN);
    }

    @Test
    void anOperatorNameThatIsAnAddressIsNotLogged(CapturedOutput output) {
        console.signIn("dana@clinic.example.org", Webhooks.ADMIN_TOKEN);
        assertThat(console.get("/console").statusCode()).isEqualTo(200);
        assertThat(output.getAll()).contains("Console sign-in operator=operator").doesNotContain("dana@clinic.example.org");
    }

    @Test
    void signingOutWantsTheCsrfTokenAndEndsTheSession() {
        console.signIn("dana", Webhooks.ADMIN_TOKEN);
        HttpResponse<String> forged = console.post("/console/sign-out", Map.of());
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(console.get("/console").statusCode()).as("still signed in").isEqualTo(200);

        HttpResponse<String> out = console.post("/console/sign-out", Map.of("_csrf", console.csrfToken("/console")));
        assertThat(out.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/console/sign-in?signed-out"));
        assertThat(console.get("/console").statusCode()).isEqualTo(302);
    }

    @Test
    void aRevealWithoutTheCsrfTokenShowsNothingAndAuditsNothing(CapturedOutput output) {
        long eventId = eventId(webhooks.post(Webhooks.event("api_mail_log_permanent_failure", Webhooks.nextId(), "kept@patient.example.org"))
                .body());
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> "DELIVERED".equals(deliveryStatuses(eventId).get("ticket-store")));
        long ticket = jdbc.queryForObject("SELECT id FROM tickets WHERE recipient = 'kept@patient.example.org'", Long.class);
        console.signIn("mallory", Webhooks.ADMIN_TOKEN);

        HttpResponse<String> forged = console.post("/console/tickets/" + ticket + "/reveal", Map.of());
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).doesNotContain("kept@patient.example.org");
        assertThat(output.getAll()).doesNotContain("Console reveal");
        // With the page's token: shown, and audited.
        HttpResponse<String> asked = console.post("/console/tickets/" + ticket + "/reveal",
                Map.of("_csrf", console.csrfToken("/console/tickets")));
        assertThat(asked.body()).contains("kept@patient.example.org");
        assertThat(output.getAll()).contains("Console reveal operator=mallory ticket=" + ticket);
    }

    @Test
    void theWebhookEndpointAndTheAdminApiAreAsBefore() {
        assertThat(webhooks.post(Webhooks.event("api_mail_log_delivered", Webhooks.nextId(), "a@patient.example.org")).statusCode())
                .isEqualTo(200);
        assertThat(webhooks.admin("GET", "/admin/stats", null).statusCode()).isEqualTo(200);
        assertThat(console.get("/admin/stats").statusCode()).as("no admin token, no session use").isEqualTo(401);
    }
}
