package com.example.paubox.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.paubox.support.ConsoleClient;
import com.example.paubox.support.ReceiverTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/** Without ADMIN_TOKEN there is no console: every path under /console answers 404. */
@ReceiverTest
@TestPropertySource(properties = "paubox.admin.token=")
class ConsoleOffIT {

    @LocalServerPort
    int port;

    @Test
    void everyConsolePathIsNotFound() {
        ConsoleClient console = new ConsoleClient(port);
        for (String path : new String[] {"/console", "/console/", "/console/sign-in", "/console/assets/console.css", "/console/events"}) {
            assertThat(console.get(path).statusCode()).as(path).isEqualTo(404);
        }
        assertThat(console.post("/console/sign-in", java.util.Map.of("token", "x")).statusCode()).isEqualTo(404);
    }
}
