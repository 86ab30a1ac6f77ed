package com.example.paubox.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Files of the project that tests start from: the shipped route YAML and the packaged jar. */
public final class ProjectFiles {

    private ProjectFiles() {
    }

    /** Copies every file of {@code routes/} into {@code target}, to be edited there. */
    public static Path copyShippedRoutes(Path target) throws IOException {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
        return target;
    }

    /** The jar {@code mvn package} built; skips the test, saying why, when there is none. */
    public static Path packagedJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            List<Path> jars = files.filter(p -> p.getFileName().toString().matches("paubox-event-router-.*\\.jar")).toList();
            assumeTrue(!jars.isEmpty(), "no packaged jar in target/: run through mvn verify, which packages it first");
            return jars.get(0).toAbsolutePath();
        }
    }

    /** The library jar {@code mvn package} built in {@code target/library/}; skips the test, saying why, when there is none. */
    public static Path libraryJar() throws IOException {
        Path directory = Path.of("target", "library");
        assumeTrue(Files.isDirectory(directory), "no target/library/: run through mvn verify, which packages the library jar first");
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> jars = files.filter(p -> p.getFileName().toString().matches("paubox-event-router-.*-library\\.jar")).toList();
            assumeTrue(!jars.isEmpty(), "no library jar in target/library/: run through mvn verify, which packages it first");
            return jars.get(0).toAbsolutePath();
        }
    }
}
