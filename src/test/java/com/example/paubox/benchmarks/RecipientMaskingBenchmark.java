package com.example.paubox.benchmarks;

import com.example.paubox.notify.RecipientDisplay;
import com.example.paubox.notify.RecipientHasher;
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
 * Redacting a recipient address for a notification ({@link RecipientDisplay#show}, i.e.
 * {@code RecipientMasking.mask} / {@code hash}, or the address as is) for each display.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@State(Scope.Benchmark)
public class RecipientMaskingBenchmark {

    @Param({"MASKED", "HASHED", "FULL"})
    public RecipientDisplay display;

    private String address;
    private final RecipientHasher hasher = RecipientHasher.random();

    @Setup
    public void setUp() {
        // Built at run time so that the JIT cannot treat it as a constant.
        address = new StringBuilder("jane.roe").append('@').append("patient.example.net").toString();
    }

    @Benchmark
    public String show() {
        return display.show(address, hasher);
    }
}
