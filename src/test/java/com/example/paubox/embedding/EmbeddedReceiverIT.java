package com.example.paubox.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.JarReceivers;
import com.example.paubox.support.ProjectFiles;
import com.example.paubox.support.Webhooks;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The receiver embedded in somebody else's Camel application (com.example.host, its routes and
 * settings in src/test/resources/host*): the application runs in a process of its own on the
 * library jar, with none of target/classes (the runnable receiver's application.yaml and routes/)
 * and without the broker clients, which the library does not pass on. Webhooks go to its port;
 * what its routes did is read from its database.
 */
class EmbeddedReceiverIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The jars of the library's optional dependencies (pom.xml): the broker clients and the
     * console's Spring Security and Thymeleaf, which an application does not get from it.
     */
    private static final List<String> NOT_PASSED_ON = List.of("kafka", "camel-kafka", "spring-kafka", "spring-rabbit", "amqp-client",
            "camel-spring-rabbitmq", "spring-amqp", "spring-security", "spring-boot-starter-security", "thymeleaf",
            "spring-boot-starter-thymeleaf", "attoparser", "unbescape");

    @TempDir
    static Path workDir;

    static Process clinic;
    static int port;
    static String databaseUrl;
    static Webhooks webhooks;

    @BeforeAll
    static void startTheClinicsApplication() throws Exception {
        port = JarReceivers.freePort();
        databaseUrl = h2(workDir.resolve("clinic"));
        clinic = start(workDir, port, databaseUrl, Map.of(), "clinic.log");
        awaitUp(port, workDir.resolve("clinic.log"));
        webhooks = new Webhooks(port);
    }

    @AfterAll
    static void stop() throws Exception {
        if (clinic != null) {
            clinic.destroy();
            clinic.waitFor();
            // Kept for whoever reads a failure: the application's whole log.
            Files.copy(workDir.resolve("clinic.log"), Files.createDirectories(Path.of("target", "failsafe-reports"))
                    .resolve("EmbeddedReceiverIT-clinic.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void eachEventReachesTheApplicationsRouteOnceAsTheStoredEventInJson() throws Exception {
        long delivered = Webhooks.nextId();
        long opened = Webhooks.nextId();
        long unknown = Webhooks.nextId();
        String deliveredBody = Webhooks.event("api_mail_log_delivered", delivered, "jane.roe@patient.example.org");
        assertThat(webhooks.post(deliveredBody).body()).contains("\"status\":\"accepted\"");
        assertThat(webhooks.post(Webhooks.event("api_mail_log_opened", opened, "jane.roe@patient.example.org")).statusCode())
                .isEqualTo(200);
        assertThat(webhooks.post(Webhooks.event("api_mail_log_something_new", unknown, "jane.roe@patient.example.org")).statusCode())
                .isEqualTo(200);
        HttpResponse<String> again = webhooks.post(deliveredBody);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("\"status\":\"duplicate\"");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(messagesFor(delivered, opened, unknown)).hasSize(3));
        // Once each, the duplicate not again.
        Thread.sleep(1000);
        List<JsonNode> messages = messagesFor(delivered, opened, unknown);
        assertThat(messages).hasSize(3);
        JsonNode first = messages.stream().filter(m -> m.path("eventName").asText().equals("api_mail_log_delivered")).findFirst()
                .orElseThrow();
        assertThat(first.path("eventKey").asText()).isEqualTo("api_mail_log_delivered:" + delivered);
        assertThat(first.path("notification").path("payload").path("id").asLong()).isEqualTo(delivered);
        assertThat(messages).extracting(m -> m.path("eventName").asText())
                .containsExactlyInAnyOrder("api_mail_log_delivered", "api_mail_log_opened", "api_mail_log_something_new");
        assertThat(deliveries("paubox-events", messages)).containsOnly("DELIVERED");
        // The clinic's second route from the Kamelet (sink clinic-audit) got each of them too.
        assertThat(deliveries("clinic-audit", messages)).containsOnly("DELIVERED");
        assertThat(Files.readString(workDir.resolve("clinic.log")))
                .contains("Paubox receiver sinks (kamelet:paubox-webhook-source?sink=...): [clinic-audit, paubox-events]");
        for (JsonNode message : messages) {
            assertThat(count("SELECT COUNT(*) FROM clinic_audit WHERE event_id = " + message.path("eventId").asLong())).isEqualTo(1);
        }
    }

    @Test
    void aWrongTokenIsRefusedAndNothingIsStored() throws Exception {
        long id = Webhooks.nextId();
        HttpResponse<String> refused = webhooks.send(HttpRequest.newBuilder(webhooks.endpoint("?token=not-the-token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Webhooks.event("api_mail_log_delivered", id, "a@b.example"))));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(count("SELECT COUNT(*) FROM webhook_events WHERE event_key = 'api_mail_log_delivered:" + id + "'")).isZero();
    }

    @Test
    void anExceptionTheApplicationsRouteDoesNotHandleIsRetriedThenADeadLetterThatCanBeReplayed() throws Exception {
        long id = Webhooks.nextId();
        HttpResponse<String> answer = webhooks.post(Webhooks.event("api_mail_log_permanent_failure", id, "john.doe@patient.example.org"));
        assertThat(answer.statusCode()).isEqualTo(200);
        long eventId = JSON.readTree(answer.body()).path("eventId").asLong();

        // The clinic's incident route fails its first two attempts (src/test/resources/host/camel/clinic.yaml),
        // and the clinic allows two (host.yaml): retried once, then dead; replayed, it counts its attempts afresh.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(delivery(eventId)).isEqualTo("DEAD/2"));
        assertThat(count("SELECT COUNT(*) FROM clinic_incidents WHERE event_id = " + eventId)).isZero();
        // The other route from the Kamelet has had it all along: each is delivered on its own.
        assertThat(count("SELECT COUNT(*) FROM clinic_audit WHERE event_id = " + eventId)).isEqualTo(1);

        HttpResponse<String> replayed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/clinic/paubox/replay")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(replayed.body()).isEqualTo("replayed 1");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(delivery(eventId)).isEqualTo("DELIVERED/1"));
        assertThat(count("SELECT COUNT(*) FROM clinic_incidents WHERE event_id = " + eventId)).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM clinic_incident_attempts WHERE event_id = " + eventId)).isEqualTo(3);
        try (Connection db = DriverManager.getConnection(databaseUrl, "sa", "");
                ResultSet row = db.createStatement().executeQuery(
                        "SELECT paubox_message_id, sender_domain FROM clinic_incidents WHERE event_id = " + eventId)) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString("paubox_message_id")).isEqualTo(Long.toString(id));
            assertThat(row.getString("sender_domain")).isEqualTo("sender.example.com");
        }
        String log = Files.readString(workDir.resolve("clinic.log"));
        assertThat(log).contains("sink=paubox-events outcome=dead").doesNotContain("john.doe@patient.example.org")
                .doesNotContain(Webhooks.SUBJECT);
    }

    /** The delivery of the event to the clinic's first route (sink paubox-events): status/attempts. */
    private static String delivery(long eventId) throws Exception {
        try (Connection db = DriverManager.getConnection(databaseUrl, "sa", "");
                ResultSet row = db.createStatement().executeQuery(
                        "SELECT status, attempts FROM deliveries WHERE event_id = " + eventId + " AND sink = 'paubox-events'")) {
            return row.next() ? row.getString("status") + "/" + row.getInt("attempts") : "none";
        }
    }

    @Test
    void theApplicationsOwnRoutesKeepTheirErrorHandlerAndTheirPaths() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/clinic/check?fail=true"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).isEqualTo("refused by the clinic's error handler");
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/clinic/check")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("clinic ok");
        // Under /webhooks/ but not the receiver's: the clinic's, without a Paubox token.
        HttpResponse<String> github = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/github"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(github.statusCode()).isEqualTo(200);
        assertThat(github.body()).isEqualTo("github ok");
        // The clinic's migrations and the receiver's, each with its own history.
        assertThat(count("SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"script\" = 'V1__clinic.sql'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM \"paubox_schema_history\" WHERE \"script\" LIKE 'V1__inbox%'")).isEqualTo(1);
    }

    @Test
    void withoutARouteFromTheKameletTheLibraryAddsNoRouteAndNoTable() throws Exception {
        int otherPort = JarReceivers.freePort();
        Path otherDir = Files.createDirectories(workDir.resolve("without-kamelet"));
        String otherDatabase = h2(otherDir.resolve("clinic"));
        // An application without the Kamelet, and without migrations of its own either.
        Process without = start(otherDir, otherPort, otherDatabase, Map.of("CLINIC_ROUTES", "classpath:host/camel/clinic.yaml",
                "CLINIC_MIGRATIONS", "classpath:host/no-migrations"), "clinic.log");
        try {
            awaitUp(otherPort, otherDir.resolve("clinic.log"));
            HttpResponse<String> answer = new Webhooks(otherPort).post(Webhooks.event("api_mail_log_delivered", Webhooks.nextId(), "a@b.example"));
            assertThat(answer.statusCode()).isEqualTo(404);
            HttpResponse<String> check = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + otherPort + "/clinic/check")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(check.body()).isEqualTo("clinic ok");
            try (Connection db = DriverManager.getConnection(otherDatabase, "sa", "");
                    ResultSet tables = db.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"})) {
                List<String> names = new ArrayList<>();
                while (tables.next()) {
                    names.add(tables.getString("TABLE_NAME").toLowerCase());
                }
                // Not even Flyway's history table: flyway-core comes with the library, but Spring Boot's
                // Flyway has nothing to migrate here.
                assertThat(names).isEmpty();
            }
            assertThat(Files.readString(otherDir.resolve("clinic.log")))
                    .contains("No route starts from kamelet:paubox-webhook-source: the Paubox receiver adds no route");
        } finally {
            without.destroy();
            without.waitFor();
        }
    }

    @Test
    void aSinkNameTheReceiverCannotTakeStopsTheStartSayingWhy() throws Exception {
        Path otherDir = Files.createDirectories(workDir.resolve("misnamed"));
        Process misnamed = start(otherDir, JarReceivers.freePort(), h2(otherDir.resolve("clinic")),
                Map.of("CLINIC_ROUTES", "classpath:host/camel-misnamed/*.yaml"), "clinic.log");
        try {
            assertThat(misnamed.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)).as("the application stops").isTrue();
            assertThat(misnamed.exitValue()).isNotZero();
            assertThat(Files.readString(otherDir.resolve("clinic.log")))
                    .contains("kamelet:paubox-webhook-source?sink=Clinic_Events: a sink name is lower-case letters, digits and '-'");
        } finally {
            misnamed.destroyForcibly();
        }
    }

    @Test
    void theLibraryJarHoldsTheKameletAndTheReceiversRoutesButNothingThatActsByBeingOnAClasspath() throws Exception {
        List<String> entries;
        try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(ProjectFiles.libraryJar().toFile())) {
            entries = jar.stream().map(java.util.zip.ZipEntry::getName).toList();
        }
        assertThat(entries).contains("kamelets/paubox-webhook-source.kamelet.yaml",
                "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports",
                "paubox/embedded-defaults.properties", "paubox/db/migration/V1__inbox_deliveries_tickets.sql");
        assertThat(entries).containsAll(KameletRoutes.ROUTES.stream().map(name -> "paubox/routes/" + name).toList());
        // Camel's default route locations, Spring Boot's configuration, Flyway's default location,
        // static content, environment post-processors: none.
        assertThat(entries).noneMatch(name -> name.startsWith("camel/") || name.startsWith("camel-rest/")
                || name.startsWith("camel-template/") || name.startsWith("routes/") || name.startsWith("db/")
                || name.startsWith("static/") || name.startsWith("application") || name.equals("META-INF/spring.factories"));
        // The standalone receiver's global error handling stays out: it would apply to the application's routes.
        assertThat(entries).doesNotContain("paubox/routes/sink-error-handling.camel.yaml");
    }

    private static List<JsonNode> messagesFor(long... paymentIds) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(databaseUrl, "sa", "");
                ResultSet rows = db.createStatement().executeQuery("SELECT message FROM clinic_events")) {
            while (rows.next()) {
                JsonNode message = JSON.readTree(rows.getString(1));
                long id = message.path("notification").path("payload").path("id").asLong();
                if (Arrays.stream(paymentIds).anyMatch(wanted -> wanted == id)) {
                    found.add(message);
                }
            }
        }
        return found;
    }

    private static List<String> deliveries(String sink, List<JsonNode> messages) throws Exception {
        String ids = messages.stream().map(m -> m.path("eventId").asText()).collect(Collectors.joining(","));
        List<String> statuses = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(databaseUrl, "sa", "");
                ResultSet rows = db.createStatement().executeQuery(
                        "SELECT status FROM deliveries WHERE sink = '" + sink + "' AND event_id IN (" + ids + ")")) {
            while (rows.next()) {
                statuses.add(rows.getString(1));
            }
        }
        assertThat(statuses).hasSize(messages.size());
        return statuses;
    }

    private static long count(String sql) throws Exception {
        try (Connection db = DriverManager.getConnection(databaseUrl, "sa", "");
                ResultSet row = db.createStatement().executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    /**
     * H2 in its PostgreSQL mode, as the receiver's SQL wants it; AUTO_SERVER lets this test read it
     * while the application runs (H2 refuses it with DB_CLOSE_ON_EXIT=FALSE, so the database may
     * close before the sweeper's last round on shutdown: one WARN line).
     */
    private static String h2(Path file) {
        return "jdbc:h2:file:" + file + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE";
    }

    /**
     * The clinic's application on the library jar and this test JVM's classpath, less target/classes
     * (the runnable receiver: its application.yaml, routes/ and the rest) and less what the library
     * jar does not pass on to an application ({@link #NOT_PASSED_ON}).
     */
    private static Process start(Path dir, int port, String database, Map<String, String> settings, String log) throws Exception {
        List<String> classpath = new ArrayList<>();
        classpath.add(ProjectFiles.libraryJar().toString());
        String classes = Path.of("target", "classes").toAbsolutePath().toString();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (Path.of(entry).toAbsolutePath().toString().equals(classes) || NOT_PASSED_ON.stream().anyMatch(name::startsWith)) {
                continue;
            }
            classpath.add(entry);
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(File.pathSeparator, classpath), "com.example.host.ClinicIntegrationApplication",
                "--spring.config.name=host"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(log).toFile()));
        Map<String, String> env = builder.environment();
        env.put("CLINIC_PORT", Integer.toString(port));
        env.put("CLINIC_DATABASE_URL", database);
        env.put("PAUBOX_WEBHOOK_TOKEN", Webhooks.TOKEN);
        env.putAll(settings);
        return builder.start();
    }

    private static void awaitUp(int port, Path log) {
        HttpClient http = HttpClient.newHttpClient();
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).ignoreExceptions().until(() -> http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
        } catch (RuntimeException e) {
            try {
                System.err.println(Files.readString(log));
            } catch (Exception ignored) {
                // no log
            }
            throw e;
        }
    }
}
