package com.example.paubox.benchmarks;

import com.example.paubox.inbox.PauboxEvent;
import com.example.paubox.intake.PauboxEventParser;
import com.example.paubox.notify.EmailProperties;
import com.example.paubox.notify.NotificationMessages;
import com.example.paubox.notify.NotifyProperties;
import com.example.paubox.notify.RecipientDisplay;
import com.example.paubox.notify.SlackProperties;
import java.time.OffsetDateTime;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Building the notifications for one event ({@link NotificationMessages#slackPayload}, the Slack
 * JSON with a ticket id, and {@link NotificationMessages#emailText}), for each recipient display.
 * The event is {@code samples/api_mail_log_permanent_failure.json} as parsed by the real parser,
 * with an inbox id set.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@State(Scope.Benchmark)
public class NotificationMessagesBenchmark {

    /** How both sinks show the recipient. */
    @Param({"MASKED", "HASHED", "FULL"})
    public RecipientDisplay display;

    private NotificationMessages messages;
    private PauboxEvent event;
    private Long ticketId;

    @Setup
    public void setUp() {
        messages = new NotificationMessages(
                new SlackProperties("https://hooks.slack.invalid/services/T000/B000/XXXX", display, java.util.Map.of()),
                new EmailProperties("smtp.invalid", 587, null, null, true, "router@clinic.invalid", "ops@clinic.invalid", display, java.util.Map.of()),
                new NotifyProperties(null));
        event = new PauboxEventParser().parse(BenchmarkSamples.read(BenchmarkSamples.PERMANENT_FAILURE)).stored(4242L, OffsetDateTime.parse("2026-11-27T20:27:26Z"));
        ticketId = 1717L;
    }

    @Benchmark
    public String slackPayload() {
        return messages.slackPayload(event, ticketId);
    }

    @Benchmark
    public String emailText() {
        return messages.emailText(event);
    }
}
