package com.example.paubox.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the sample webhook bodies in {@code samples/} (relative to the project root) for the benchmarks. */
final class BenchmarkSamples {

    /** The sample kinds, one file {@code samples/<kind>.json} each. */
    static final String DELIVERED = "api_mail_log_delivered";
    static final String OPENED = "api_mail_log_opened";
    static final String PERMANENT_FAILURE = "api_mail_log_permanent_failure";
    static final String TEMPORARY_FAILURE = "api_mail_log_temporary_failure";

    private BenchmarkSamples() {
    }

    /** The bytes of {@code samples/<kind>.json}; fails with a clear message when the file is not there. */
    static byte[] read(String kind) {
        Path file = Path.of("samples", kind + ".json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("Sample body " + file.toAbsolutePath() + " not found: run the benchmarks from the"
                    + " project root (bench/jmh.sh does), where samples/" + kind + ".json must exist");
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read sample body " + file.toAbsolutePath(), e);
        }
    }
}
