package com.example.paubox.notify;

import java.util.Properties;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * Relay credentials and TLS policy for Camel's {@code smtp} component, kept out of the route URI
 * so that no secret is part of an endpoint name.
 */
@Configuration(proxyBeanMethods = false)
class EmailConfiguration {

    @Bean
    ComponentCustomizer smtpRelayCustomizer(EmailProperties email) {
        return ComponentCustomizer.forType(MailComponent.class, component -> {
            var configuration = component.getConfiguration();
            if (StringUtils.hasText(email.username())) {
                configuration.setUsername(email.username());
                configuration.setPassword(email.password());
            }
            Properties javaMail = new Properties();
            javaMail.setProperty("mail.smtp.starttls.enable", "true");
            javaMail.setProperty("mail.smtp.starttls.required", Boolean.toString(email.requireTls()));
            javaMail.setProperty("mail.smtp.connectiontimeout", "10000");
            javaMail.setProperty("mail.smtp.timeout", "10000");
            javaMail.setProperty("mail.smtp.writetimeout", "10000");
            configuration.setAdditionalJavaMailProperties(javaMail);
        });
    }
}
