package com.example.paubox.inbox;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How webhooks are written to the inbox.
 *
 * @param batchSize the most webhooks written in one transaction (group commit): the webhooks that
 *     arrive while a batch is being committed go together into the next one
 * @param writers threads writing batches, each in its own transaction. One makes the largest
 *     batches; on the benchmark machine (database on the same two cores) four were slower
 *     (bench/run.sh); more may pay off when the database is far away
 * @param linger how long the writer waits for more webhooks before it commits a batch that has
 *     room: fewer commits at a steady rate, each answer up to this much later. None by default:
 *     in a burst the clients wait for their answers, so nothing more arrives while it waits
 * @param writeTimeout how long a webhook waits for its batch to commit before it is answered 503
 * @param busyAt with this many webhooks in flight the intake is busy: new events are stored for the
 *     sweeper instead of being routed at once, and the sweeper waits, until fewer are in flight
 * @param cpuBusyAt the share of the machine's CPU (0 to 1) at which the sweeper leaves it to a busy
 *     intake: below it the sweeper routes beside the intake, as the CPU has room for both (a steady
 *     load keeps a few webhooks in flight all the time, and is routed as it comes); at or above it
 *     the sweeper waits, up to {@code deferAtMost}. 1 waits while the intake is busy whatever the CPU
 * @param deferAtMost the longest an event stored for the sweeper waits while the intake is busy and
 *     the CPU is not idle enough: after that the sweeper routes beside the intake until it finds
 *     nothing left (the answers slow down meanwhile), so that an overload that does not let up is
 *     still routed
 * @param write how each webhook is written: {@code group-commit} (the default), or two modes for
 *     the benchmark only, {@code per-request} (one insert and commit per webhook, the naive way)
 *     and {@code off} (not stored at all: measures the HTTP ceiling, loses every event)
 * @param benchmarkUnstoredAnswers must be true for {@code write: off} to start: an event that is
 *     not stored is still answered 2xx then, which breaks the receiver's first promise, so that
 *     mode takes two settings, never one by accident ({@code PAUBOX_INBOX_BENCHMARKUNSTOREDANSWERS})
 */
@Validated
@ConfigurationProperties("paubox.inbox")
public record InboxProperties(
        @DefaultValue("128") @Min(1) @Max(1000) int batchSize,
        @DefaultValue("1") @Min(1) @Max(32) int writers,
        @DefaultValue("0ms") @NotNull Duration linger,
        @DefaultValue("5s") @NotNull Duration writeTimeout,
        @DefaultValue("4") @Min(1) int busyAt,
        @DefaultValue("0.8") @DecimalMin("0") @DecimalMax("1") double cpuBusyAt,
        @DefaultValue("5m") @NotNull Duration deferAtMost,
        @DefaultValue("group-commit") @NotNull Write write,
        @DefaultValue("false") boolean benchmarkUnstoredAnswers) {

    @AssertTrue(message = "paubox.inbox.write=off answers 2xx for events it does not store: benchmark only, and only with "
            + "paubox.inbox.benchmark-unstored-answers=true (PAUBOX_INBOX_BENCHMARKUNSTOREDANSWERS=true) as well")
    public boolean isOffExplicitlyAllowed() {
        return write != Write.OFF || benchmarkUnstoredAnswers;
    }

    public enum Write {
        GROUP_COMMIT,
        PER_REQUEST,
        OFF
    }
}
