package com.example.paubox.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.paubox.support.ProjectFiles;
import com.example.paubox.support.Receivers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A route set that would lose events silently does not start: not only {@code --validate} but the
 * receiver itself refuses it, naming the file and saying how to declare the sink.
 */
class SinkChecksIT {

    @Test
    void routerWithoutSinkNamingRefusesToStart(@TempDir Path routes) throws Exception {
        ProjectFiles.copyShippedRoutes(routes);
        Path router = routes.resolve("event-router.camel.yaml");
        Files.writeString(router, Files.readString(router).replace("    routeConfigurationId: sink-naming\n", ""));

        assertThatThrownBy(() -> Receivers.start("jdbc:h2:mem:sink-checks-1;DB_CLOSE_DELAY=-1",
                Map.of("PAUBOX_ROUTES_LOCATION", "file:" + routes + "/*.camel.yaml")).close())
                .rootCause().hasMessageContaining("event-router.camel.yaml")
                .hasMessageContaining("must keep routeConfigurationId: sink-naming");
    }

    @Test
    void namedSinkThatNoRouteReadsRefusesToStart(@TempDir Path routes) throws Exception {
        ProjectFiles.copyShippedRoutes(routes);
        Path router = routes.resolve("event-router.camel.yaml");
        Files.writeString(router, Files.readString(router).replace("uri: direct:email-notify", "uri: direct:email-notfy"));

        assertThatThrownBy(() -> Receivers.start("jdbc:h2:mem:sink-checks-2;DB_CLOSE_DELAY=-1",
                Map.of("PAUBOX_ROUTES_LOCATION", "file:" + routes + "/*.camel.yaml")).close())
                .rootCause().hasMessageContaining("names sink direct:email-notfy, but no route reads from direct:email-notfy")
                .hasMessageContaining("Add a sink");
        assertThat(Files.exists(routes.resolve("email-notify.camel.yaml"))).isTrue();
    }
}
