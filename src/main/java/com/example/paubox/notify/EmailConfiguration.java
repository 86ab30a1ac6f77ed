package com.example.paubox.notify;

import java.util.Properties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * The email sink's connection to its SMTP relay: credentials and TLS policy live in the sender
 * bean that the route's {@code smtp} endpoint names, so that no secret is part of an endpoint name.
 */
@Configuration(proxyBeanMethods = false)
class EmailConfiguration {

    /**
     * The system property with which Jakarta Mail 2.1 finds its stream provider, and the provider
     * its service lookup would find (Angus Mail, which camel-mail brings).
     */
    static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";
    static final String ANGUS_STREAM_PROVIDER = "org.eclipse.angus.mail.util.MailStreamProvider";

    /** Named in routes/email-notify.camel.yaml; it connects when the first email is sent. */
    @Bean
    PooledSmtpSender pooledSmtpSender(EmailProperties email) {
        nameStreamProvider();
        Properties javaMail = new Properties();
        javaMail.setProperty("mail.smtp.starttls.enable", "true");
        javaMail.setProperty("mail.smtp.starttls.required", Boolean.toString(email.requireTls()));
        // The relay's certificate must name the relay (Angus Mail does not check it otherwise):
        // STARTTLS to a man in the middle would hand it the PHI and the SMTP password.
        javaMail.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        javaMail.setProperty("mail.smtp.connectiontimeout", "10000");
        javaMail.setProperty("mail.smtp.timeout", "10000");
        javaMail.setProperty("mail.smtp.writetimeout", "10000");
        boolean login = StringUtils.hasText(email.username());
        return new PooledSmtpSender(email.host(), email.port(), login ? email.username() : null,
                login ? email.password() : null, javaMail);
    }

    /**
     * Jakarta Mail 2.1 looks its stream provider up with a {@code ServiceLoader} several times for
     * every message it writes (jakartaee/mail-api#861). In a Spring Boot jar that scan of nested
     * jars took a fifth of the receiver's CPU while it was sending email (JFR, bench drain run).
     * Named as a system property, the same provider is made directly instead. A provider named
     * by the deployment is left as it is.
     */
    static void nameStreamProvider() {
        if (System.getProperty(STREAM_PROVIDER) == null
                && ClassUtils.isPresent(ANGUS_STREAM_PROVIDER, EmailConfiguration.class.getClassLoader())) {
            System.setProperty(STREAM_PROVIDER, ANGUS_STREAM_PROVIDER);
        }
    }
}
