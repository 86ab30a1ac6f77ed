package com.example.paubox.bench.baseline;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Benchmark-only: a plain Spring MVC counterpart of the Paubox receiver's webhook intake. */
@SpringBootApplication
public class BaselineApplication {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(BaselineApplication.class);
        // Only this jar's application.yaml: the benchmark starts it from the repository root, whose
        // ./application.yaml belongs to the receiver (and would want its database health check).
        // SPRING_CONFIG_LOCATION or --spring.config.location still override this.
        app.setDefaultProperties(Map.of("spring.config.location", "classpath:/application.yaml"));
        app.run(args);
    }
}
