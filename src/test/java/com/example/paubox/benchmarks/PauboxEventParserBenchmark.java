package com.example.paubox.benchmarks;

import com.example.paubox.inbox.PauboxEvent;
import com.example.paubox.intake.PauboxEventParser;
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
 * Parsing and validating a webhook body ({@link PauboxEventParser#parse}: strict UTF-8 decoding,
 * Jackson tree with duplicate-key detection, the id, address and time checks) for each sample body
 * in {@code samples/}, read as bytes once per trial.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@State(Scope.Benchmark)
public class PauboxEventParserBenchmark {

    /** The sample kind: the body is {@code samples/<sample>.json}. */
    @Param({
        BenchmarkSamples.DELIVERED,
        BenchmarkSamples.OPENED,
        BenchmarkSamples.PERMANENT_FAILURE,
        BenchmarkSamples.TEMPORARY_FAILURE
    })
    public String sample;

    private PauboxEventParser parser;
    private byte[] body;

    @Setup
    public void setUp() {
        parser = new PauboxEventParser();
        body = BenchmarkSamples.read(sample);
        PauboxEvent event = parser.parse(body);
        if (!sample.equals(event.eventName())) {
            throw new IllegalStateException("samples/" + sample + ".json parsed as " + event.eventName());
        }
    }

    @Benchmark
    public PauboxEvent parse() {
        return parser.parse(body);
    }
}
