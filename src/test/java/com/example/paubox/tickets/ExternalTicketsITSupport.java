package com.example.paubox.tickets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.ReadmeExamples;
import com.example.paubox.support.Receivers;
import com.example.paubox.support.TcpProxy;
import com.example.paubox.support.TestPeers;
import com.example.paubox.support.Webhooks;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.yaml.snakeyaml.Yaml;

/**
 * Tickets kept in a helpdesk's existing table in another database, as docs/tickets.md says: its
 * statements, read from there, on a table of other names
 * ({@code helpdesk_tickets}), reached through a proxy that a test can cut. The receiver keeps its
 * inbox in its own (H2) database.
 */
abstract class ExternalTicketsITSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TcpProxy proxy;
    private ConfigurableApplicationContext receiver;
    private Webhooks webhooks;
    /** The helpdesk's database, straight (not through the proxy). */
    protected JdbcTemplate helpdesk;
    private JdbcTemplate inbox;

    /** The JDBC URL of the helpdesk database, for {@code host:port} given. */
    protected abstract String url(String hostAndPort);

    protected abstract int serverPort();

    protected abstract String username();

    protected abstract String password();

    /** Skips the class, saying why, when the server is unreachable (fails under the CI flag). */
    protected abstract void assumeReachable() throws Exception;

    /** Creates the helpdesk's table afresh (and whatever index the helpdesk has). */
    protected abstract void createHelpdeskTable(JdbcTemplate helpdesk);

    @BeforeEach
    void receiverWithTicketsInTheHelpdeskDatabase() throws Exception {
        assumeReachable();
        helpdesk = new JdbcTemplate(new DriverManagerDataSource(url("127.0.0.1:" + serverPort()), username(), password()));
        createHelpdeskTable(helpdesk);
        proxy = new TcpProxy(serverPort());
        Map<String, Object> properties = new HashMap<>(readmeStatements());
        properties.put("paubox.tickets.datasource.url", url("127.0.0.1:" + proxy.port()));
        properties.put("paubox.tickets.datasource.username", username());
        properties.put("paubox.tickets.datasource.password", password());
        // Longer than an attempt against the unreachable database takes (its 5 s connection
        // timeout): a claim that expires mid-attempt is taken again, and sent twice.
        properties.put("paubox.delivery.lease", "30s");
        receiver = Receivers.start("jdbc:h2:mem:helpdesk-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", properties);
        webhooks = new Webhooks(Receivers.port(receiver));
        inbox = new JdbcTemplate(receiver.getBean(DataSource.class));
        TestPeers.resetSlack();
    }

    @AfterEach
    void stop() throws IOException {
        if (receiver != null) {
            receiver.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void repeatBouncesCountOnOneOpenTicketAndDeliveryClosesIt() {
        long first = post("api_mail_log_permanent_failure", "ann@patient.example.net");
        long repeat = post("api_mail_log_permanent_failure", "ann@patient.example.net");
        long other = post("api_mail_log_permanent_failure", "bob@patient.example.net");
        awaitDelivered(first, "ticket-store");
        awaitDelivered(repeat, "ticket-store");
        awaitDelivered(other, "ticket-store");

        assertThat(helpdesk.queryForList("SELECT requester, state, hits FROM helpdesk_tickets ORDER BY requester"))
                .containsExactly(Map.of("requester", "ann@patient.example.net", "state", "open", "hits", 2),
                        Map.of("requester", "bob@patient.example.net", "state", "open", "hits", 1));

        awaitDelivered(post("api_mail_log_delivered", "ann@patient.example.net"), "ticket-resolve");
        assertThat(helpdesk.queryForObject("SELECT state FROM helpdesk_tickets WHERE requester = 'ann@patient.example.net'",
                String.class)).isEqualTo("closed");

        awaitDelivered(post("api_mail_log_permanent_failure", "ann@patient.example.net"), "ticket-store");
        assertThat(helpdesk.queryForList("SELECT state, hits FROM helpdesk_tickets WHERE requester = 'ann@patient.example.net'"
                + " ORDER BY ticket_no")).containsExactly(Map.of("state", "closed", "hits", 2), Map.of("state", "open", "hits", 1));
    }

    @Test
    void helpdeskOutageIsRetriedWithoutCountingTwiceWhileAlertsGoOn() throws Exception {
        long opened = post("api_mail_log_permanent_failure", "cay@patient.example.net");
        awaitDelivered(opened, "ticket-store");
        long ticket = helpdesk.queryForObject("SELECT ticket_no FROM helpdesk_tickets WHERE requester = 'cay@patient.example.net'",
                Long.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> TestPeers.slack().getAllServeEvents().size() == 1);

        proxy.cut();
        long repeat = post("api_mail_log_permanent_failure", "cay@patient.example.net");
        await().atMost(Duration.ofSeconds(20)).until(() -> "FAILED".equals(status(repeat, "ticket-store"))
                || attempts(repeat) > 1);
        awaitDelivered(repeat, "slack-alert");
        String alert = JSON.readTree(TestPeers.slack().getAllServeEvents().get(0).getRequest().getBodyAsString()).get("text").asText();
        assertThat(alert).as("the alert sent while the helpdesk was away").contains("Hard bounce").doesNotContain("Ticket:");

        proxy.restore();
        awaitDelivered(repeat, "ticket-store");
        assertThat(attempts(repeat)).isGreaterThan(1);
        assertThat(helpdesk.queryForList("SELECT ticket_no, hits FROM helpdesk_tickets"))
                .as("one ticket, counted once per bounce").containsExactly(Map.of("ticket_no", ticket, "hits", 2));
    }

    private long post(String eventName, String recipient) {
        String body = webhooks.post(Webhooks.event(eventName, Webhooks.nextId(), recipient)).body();
        try {
            return JSON.readTree(body).get("eventId").asLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitDelivered(long eventId, String sink) {
        await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(status(eventId, sink)));
    }

    private String status(long eventId, String sink) {
        return inbox.queryForList("SELECT status FROM deliveries WHERE event_id = ? AND sink = ?", String.class, eventId, sink)
                .stream().findFirst().orElse(null);
    }

    private int attempts(long eventId) {
        return inbox.queryForList("SELECT attempts FROM deliveries WHERE event_id = ? AND sink = 'ticket-store'", Integer.class, eventId)
                .stream().findFirst().orElse(0);
    }

    /** The statements docs/tickets.md gives for the helpdesk table, as properties. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> readmeStatements() {
        Map<String, Object> yaml = new Yaml().load(ReadmeExamples.yaml(Path.of("docs", "tickets.md"), "tickets-example"));
        Map<String, Object> sql = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) yaml.get("paubox")).get("tickets")).get("sql");
        Map<String, Object> properties = new LinkedHashMap<>();
        sql.forEach((name, statement) -> properties.put("paubox.tickets.sql." + name, statement));
        assertThat(properties).hasSize(4);
        return properties;
    }
}
