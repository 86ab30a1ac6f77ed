package com.example.host;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Camel Spring Boot application of somebody else's, with routes, tables and an error handler of
 * its own, that embeds the receiver by having the library jar on its classpath and one route from
 * {@code kamelet:paubox-webhook-source} (src/test/resources/host/camel/). Run in a process of its
 * own by {@code com.example.paubox.embedding.EmbeddedReceiverIT}, on the library jar, never on
 * target/classes; its settings are {@code host.yaml} ({@code --spring.config.name=host}).
 * Outside {@code com.example.paubox}, so that the receiver's own tests never scan it.
 */
@SpringBootApplication
public class ClinicIntegrationApplication {

    public static void main(String[] args) {
        SpringApplication.run(ClinicIntegrationApplication.class, args);
    }
}
