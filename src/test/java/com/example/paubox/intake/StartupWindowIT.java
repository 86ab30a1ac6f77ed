package com.example.paubox.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.InboxRows;
import com.example.paubox.support.ProjectFiles;
import com.example.paubox.support.Webhooks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as a child process, sent valid webhooks from the moment it is started until it
 * has exited after SIGTERM. The server takes connections a second or two before Camel has started
 * the intake route (Spring MVC answered 404 then), and on SIGTERM Tomcat stops taking requests
 * while Camel and its routes stop: from start to exit a webhook gets a refused (or reset)
 * connection, {@code 503} with {@code Retry-After}, or 200, never a {@code 404} or another status,
 * since Paubox never retries. Every webhook answered 200 is stored, none answered 503 is, and the
 * test fails unless it saw 503s before the first 200 (it reached the window it is about). A route
 * stopped while Tomcat still answers is {@link IntakeRouteDownIT}.
 */
class StartupWindowIT {

    private static final String DELIVERED = "api_mail_log_delivered";
    private static final int CLIENTS = 4;
    /** Enough answers after the route has started to show the receiver took traffic before the stop. */
    private static final int STOP_AFTER_ACCEPTED = 300;
    private static final Duration PAUSE_AFTER_REFUSAL = Duration.ofMillis(10);
    private static final Pattern UNAVAILABLE_LINE = Pattern.compile("Webhook outcome=unavailable status=503 latency=\\d+ms reason=(starting|stopping)");

    /** What one webhook got: an HTTP answer, or no connection at all. */
    private record Answer(long pauboxId, long atNanos, boolean afterSigterm, int status, boolean retryAfter, String failure) {

        boolean answered() {
            return failure == null;
        }

        boolean accepted() {
            return status == 200;
        }

        boolean unavailable() {
            return status == 503;
        }

        boolean refused() {
            return "refused".equals(failure);
        }

        /** The bucket it is counted in for the summary: {@code 200}, {@code 503+Retry-After}, {@code refused}, ... */
        String kind() {
            return !answered() ? failure : status == 503 && retryAfter ? "503+Retry-After" : Integer.toString(status);
        }
    }

    @Test
    void fromStartToExitAWebhookIsStoredOrRefusedButNeverNotFound(@TempDir Path workDir) throws Exception {
        Path jar = ProjectFiles.packagedJar();
        int port = freePort();
        Webhooks webhooks = new Webhooks(port);
        ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        AtomicInteger accepted = new AtomicInteger();
        long started = System.nanoTime();
        Process receiver = start(jar, workDir, port);
        AtomicBoolean sigterm = new AtomicBoolean();

        // Clients from the first instant the process exists until it has exited: first refused
        // connections (the JVM is starting), then whatever the server answers.
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            clients.submit(() -> {
                do {
                    long paubox = Webhooks.nextId();
                    Answer answer = post(webhooks, paubox, sigterm.get());
                    answers.add(answer);
                    if (answer.accepted()) {
                        accepted.incrementAndGet();
                    } else {
                        // Not taking webhooks (yet): about 400 tries a second in all, which leaves the
                        // two cores to the receiver's start (a flood of tries would only stretch the window).
                        LockSupport.parkNanos(PAUSE_AFTER_REFUSAL.toNanos());
                    }
                } while (receiver.isAlive());
            });
        }
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> accepted.get() >= STOP_AFTER_ACCEPTED || !receiver.isAlive());
            assertThat(receiver.isAlive()).as("the receiver is running").isTrue();
            sigterm.set(true);
            receiver.destroy(); // SIGTERM: a graceful stop while the clients keep posting
            assertThat(receiver.waitFor(40, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        } finally {
            receiver.destroyForcibly();
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            Files.copy(workDir.resolve("receiver.log"), Path.of("target", "startup-window.log"), StandardCopyOption.REPLACE_EXISTING);
            System.out.printf("StartupWindowIT: %.1f s in all; %s%n", (System.nanoTime() - started) / 1e9, summary(inOrder(answers)));
        }

        List<Answer> inOrder = inOrder(answers);
        int firstAccepted = indexOf(inOrder, Answer::accepted);
        List<Answer> beforeFirst200 = inOrder.subList(0, Math.max(firstAccepted, 0));

        assertThat(firstAccepted).as("the receiver answered 200 at all").isGreaterThanOrEqualTo(0);
        Map<String, Long> otherAnswers = inOrder.stream().filter(a -> a.answered() && !(a.accepted() || (a.unavailable() && a.retryAfter())))
                .collect(Collectors.groupingBy(a -> a.kind() + (a.afterSigterm() ? " after SIGTERM" : " before SIGTERM"), TreeMap::new, Collectors.counting()));
        assertThat(otherAnswers).as("answers other than 200 or 503 with Retry-After").isEmpty();
        // The test reached the window it is about: connections refused while the JVM started, then
        // answers from a server whose intake route was not up yet.
        assertThat(beforeFirst200).as("refused connections before the first 200").anyMatch(Answer::refused);
        assertThat(beforeFirst200).as("503 answers before the first 200 (the route not yet started)").anyMatch(Answer::unavailable);

        Set<Long> answered200 = ids(inOrder, Answer::accepted);
        Set<Long> answered503 = ids(inOrder, Answer::unavailable);
        try (Connection db = DriverManager.getConnection(h2Url(workDir), "sa", "")) {
            Set<Long> stored = InboxRows.pauboxIds(db);
            assertThat(stored).as("every event answered 200 is stored").containsAll(answered200);
            assertThat(stored).as("no event answered 503 is stored").doesNotContainAnyElementsOf(answered503);
        }
        String log = Files.readString(workDir.resolve("receiver.log"));
        assertThat(UNAVAILABLE_LINE.matcher(log).results().count()).as("one log line per 503 the filter answered").isEqualTo(answered503.size());
        assertThat(log).contains("Started paubox-intake").doesNotContain(Webhooks.TOKEN, "@patient.example.net");
    }

    private static Answer post(Webhooks webhooks, long paubox, boolean afterSigterm) {
        String body = Webhooks.event(DELIVERED, paubox, "window" + paubox + "@patient.example.net");
        try {
            HttpResponse<String> response = webhooks.post(body);
            return new Answer(paubox, System.nanoTime(), afterSigterm, response.statusCode(),
                    response.headers().firstValue("Retry-After").isPresent(), null);
        } catch (UncheckedIOException e) {
            IOException cause = e.getCause();
            String failure = cause instanceof ConnectException ? "refused" : "reset (" + cause.getClass().getSimpleName() + ")";
            return new Answer(paubox, System.nanoTime(), afterSigterm, 0, false, failure);
        }
    }

    /** By the time each answer (or failure) came back. */
    private static List<Answer> inOrder(ConcurrentLinkedQueue<Answer> answers) {
        List<Answer> inOrder = new ArrayList<>(answers);
        inOrder.sort(Comparator.comparingLong(Answer::atNanos));
        return inOrder;
    }

    /** What came back before the first 200, from it to SIGTERM, and after SIGTERM. */
    private static String summary(List<Answer> inOrder) {
        int firstAccepted = indexOf(inOrder, Answer::accepted);
        int start = firstAccepted < 0 ? inOrder.size() : firstAccepted;
        return "before the first 200: %s; from it to SIGTERM: %s; after SIGTERM: %s".formatted(
                counts(inOrder.subList(0, start)),
                counts(inOrder.subList(start, inOrder.size()).stream().filter(a -> !a.afterSigterm()).toList()),
                counts(inOrder.stream().filter(Answer::afterSigterm).toList()));
    }

    private static Map<String, Long> counts(List<Answer> answers) {
        return answers.stream().collect(Collectors.groupingBy(Answer::kind, TreeMap::new, Collectors.counting()));
    }

    private static int indexOf(List<Answer> answers, Predicate<Answer> which) {
        for (int i = 0; i < answers.size(); i++) {
            if (which.test(answers.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static Set<Long> ids(List<Answer> answers, Predicate<Answer> which) {
        return answers.stream().filter(which).map(Answer::pauboxId).collect(Collectors.toSet());
    }


    private static Process start(Path jar, Path workDir, int port) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", jar.toString())
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("receiver.log").toFile()));
        Map<String, String> env = builder.environment();
        env.put("SERVER_PORT", Integer.toString(port));
        env.put("PAUBOX_WEBHOOK_TOKEN", Webhooks.TOKEN);
        env.put("SPRING_DATASOURCE_URL", h2Url(workDir));
        return builder.start();
    }

    private static String h2Url(Path workDir) {
        return "jdbc:h2:file:" + workDir.resolve("data").resolve("paubox")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
