package com.example.paubox.benchmarks;

import com.example.paubox.intake.WebhookAuthenticator;
import com.example.paubox.intake.WebhookProperties;
import java.time.Duration;
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
import org.springframework.util.unit.DataSize;

/**
 * The webhook token check ({@link WebhookAuthenticator#isAuthentic}, which hashes the presented
 * token and compares it with every configured one through {@code SecretMatcher}), for a right and a
 * wrong token, presented as {@code ?token=} and as {@code Authorization: Bearer}. Two tokens are
 * configured, as during a rotation. Right and wrong should take about the same time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@State(Scope.Benchmark)
public class WebhookAuthenticatorBenchmark {

    private static final String OLD_TOKEN = "old-Zk3q9VfX2bLw7NcR1tYp0sHd";
    private static final String NEW_TOKEN = "new-M8uJ4eGq6aWz5xKc2rTv9nBy";

    /** How the token is presented. */
    @Param({"query", "bearer"})
    public String form;

    /** Whether the presented token is a configured one (the newer one) or a near miss of it. */
    @Param({"right", "wrong"})
    public String token;

    private WebhookAuthenticator authenticator;
    private Object authorization;
    private Object queryToken;

    @Setup
    public void setUp() {
        authenticator = new WebhookAuthenticator(new WebhookProperties(
                OLD_TOKEN + "," + NEW_TOKEN, DataSize.ofKilobytes(64), false, 20, Duration.ofMinutes(1)));
        String presented = switch (token) {
            case "right" -> NEW_TOKEN;
            case "wrong" -> NEW_TOKEN.substring(0, NEW_TOKEN.length() - 1) + "x";
            default -> throw new IllegalArgumentException("token must be right or wrong: " + token);
        };
        switch (form) {
            case "query" -> queryToken = presented;
            case "bearer" -> authorization = "Bearer " + presented;
            default -> throw new IllegalArgumentException("form must be query or bearer: " + form);
        }
        boolean expected = token.equals("right");
        if (authenticator.isAuthentic(authorization, queryToken) != expected) {
            throw new IllegalStateException("The " + form + " form with the " + token + " token was not "
                    + (expected ? "accepted" : "refused") + ": the benchmark would measure the wrong path");
        }
    }

    @Benchmark
    public boolean isAuthentic() {
        return authenticator.isAuthentic(authorization, queryToken);
    }
}
