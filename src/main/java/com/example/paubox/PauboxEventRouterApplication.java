package com.example.paubox;

import com.example.paubox.embedding.PauboxReceiverAutoConfiguration;
import com.example.paubox.system.RouteValidation;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Receives Paubox Email API webhooks, stores each one, and routes it to Slack, email and a
 * ticketing table. The routes themselves are YAML files under {@code routes/}. (What an
 * application embedding the library jar gets instead: {@link PauboxReceiverAutoConfiguration}.)
 */
@SpringBootApplication(exclude = PauboxReceiverAutoConfiguration.class)
@ConfigurationPropertiesScan
public class PauboxEventRouterApplication {

    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--validate")) {
            System.exit(RouteValidation.run(args, System.out));
        }
        SpringApplication.run(PauboxEventRouterApplication.class, args);
    }
}
