package com.example.paubox.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.paubox.support.ReceiverITSupport;
import com.example.paubox.support.TestPeers;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.Environment;

/**
 * The startup log names each route with the file it came from, and says which sinks are on.
 * (The report is run again here: the shared test context may have started before this class.)
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupReportIT extends ReceiverITSupport {

    @Autowired
    StartupReport report;

    @Autowired
    Environment environment;

    @Test
    void accessLogIsWrittenUnderTheWorkingDirectoryWhenSwitchedOn() {
        assertThat(environment.getProperty("server.tomcat.accesslog.enabled", Boolean.class)).isFalse();
        assertThat(Path.of(environment.getProperty("server.tomcat.accesslog.directory")))
                .isEqualTo(Path.of(System.getProperty("user.dir"), "logs"));
    }

    @Test
    void startupLogListsEachRouteWithItsFileAndEverySink(CapturedOutput output) {
        report.report();

        assertThat(output.getOut()).containsPattern("Route event-router from \\S*routes/event-router\\.camel\\.yaml reads direct://event-router")
                .containsPattern("Route paubox-intake from \\S*routes/paubox-intake\\.camel\\.yaml reads platform-http:///webhooks/paubox")
                .containsPattern("Routes loaded from \\S+: \\d+ route\\(s\\)")
                .contains("Sink slack-alert: enabled, posting to host 127.0.0.1",
                        "Sink email-notify: enabled, relay 127.0.0.1:" + TestPeers.smtpPort(),
                        "Sink ticket-store: enabled, SQL from paubox.tickets.sql on (the receiver's database); retried up to 10 attempts",
                        "Sink ticket-resolve: enabled",
                        "Sink slack-alert/ops: enabled, posting to host 127.0.0.1",
                        "Sink rabbitmq-publish: off (SPRING_RABBITMQ_HOST is not set); the routing table names it once it is",
                        "Sink kafka-publish: off (SPRING_KAFKA_BOOTSTRAP_SERVERS is not set)",
                        "Reconciliation: off (set PAUBOX_API_USERNAME and PAUBOX_API_KEY")
                .doesNotContain("Sink unrouted", "Sink ticket-lookup")
                .doesNotContain(TestPeers.SLACK_PATH);
    }
}
