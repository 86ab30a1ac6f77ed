package com.example.paubox.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlProcessor.MatchStatus;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.FileSystemResource;

/**
 * The defaults an embedding application gets (paubox/embedded-defaults.properties) are the
 * standalone receiver's (application.yaml), but for the settings that differ on purpose.
 */
class EmbeddedDefaultsTests {

    /** Different inside an application: its own webhooks may live under /webhooks/ too. */
    private static final Set<String> EMBEDDED_ONLY = Set.of("paubox.webhook.refuse-other-webhook-paths");

    @Test
    void everyEmbeddedDefaultIsTheStandaloneReceiversValue() throws IOException {
        Properties embedded = new Properties();
        try (var in = new ClassPathResource("paubox/embedded-defaults.properties").getInputStream()) {
            embedded.load(in);
        }
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new FileSystemResource("application.yaml"));
        // The first document: the profiles' (prod, dev) do not set these.
        yaml.setDocumentMatchers(properties -> properties.containsKey("spring.config.activate.on-profile")
                ? MatchStatus.NOT_FOUND : MatchStatus.FOUND);
        Properties standalone = yaml.getObject();

        assertThat(embedded.stringPropertyNames()).contains("camel.threadpool.config.dispatch.pool-size",
                "camel.threadpool.config.deliver.pool-size", "camel.threadpool.config.retry.pool-size",
                "camel.threadpool.config.sweep.pool-size", "paubox.delivery.poll-interval");
        for (String key : embedded.stringPropertyNames()) {
            if (EMBEDDED_ONLY.contains(key)) {
                assertThat(standalone.getProperty(key)).as(key + " is not set in application.yaml (its default there is true)").isNull();
                continue;
            }
            assertThat(String.valueOf(standalone.get(key))).as(key).isEqualTo(embedded.getProperty(key));
        }
    }
}
