package com.example.paubox.system;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * HTTPS from two PEM files: when {@code TLS_CERTIFICATE} and {@code TLS_PRIVATE_KEY}
 * ({@code paubox.tls.*}) are both set, the server gets a Spring SSL bundle made of them and speaks
 * only HTTPS, with TLS 1.2 and 1.3. (With a bundle, {@code server.ssl.enabled-protocols} is
 * ignored: the protocols are the bundle's own option.) One without the other stops the start.
 */
public class HttpsSettings implements EnvironmentPostProcessor, Ordered {

    static final String BUNDLE = "paubox-server";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String certificate = environment.getProperty("paubox.tls.certificate");
        String privateKey = environment.getProperty("paubox.tls.private-key");
        if (!StringUtils.hasText(certificate) && !StringUtils.hasText(privateKey)) {
            return;
        }
        if (!StringUtils.hasText(certificate) || !StringUtils.hasText(privateKey)) {
            throw new IllegalStateException("TLS_CERTIFICATE and TLS_PRIVATE_KEY must be set together (PEM files)");
        }
        Map<String, Object> https = new LinkedHashMap<>();
        String prefix = "spring.ssl.bundle.pem." + BUNDLE + ".";
        https.put(prefix + "keystore.certificate", location(certificate));
        https.put(prefix + "keystore.private-key", location(privateKey));
        https.put(prefix + "options.enabled-protocols", "TLSv1.3,TLSv1.2");
        https.put("server.ssl.bundle", BUNDLE);
        https.put("server.ssl.enabled", true);
        environment.getPropertySources().addFirst(new MapPropertySource("paubox-https", https));
    }

    @Override
    public int getOrder() {
        // After application.yaml has been read.
        return Ordered.LOWEST_PRECEDENCE;
    }

    private static String location(String path) {
        return path.contains(":") && !path.matches("^[A-Za-z]:\\\\.*") ? path : "file:" + path;
    }
}
