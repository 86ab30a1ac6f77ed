package com.example.paubox.notify;

import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.util.Date;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.apache.camel.component.mail.DefaultJavaMailSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's SMTP sender, keeping its connections to the relay open between messages. Camel's own
 * sender connects, greets, negotiates STARTTLS and logs in for every message and then quits: on a
 * burst of notifications that handshake cost more CPU than the message itself, here and at the
 * relay (JFR and per-process CPU, bench end-to-end run).
 *
 * <p>A connection is taken by one sending thread at a time and given back after a message went
 * through; one that failed is closed, so the next message starts on a fresh one. A connection
 * kept idle is checked with {@code NOOP} before it is used again (relays hang up on idle clients),
 * so a message is never written to a connection known to be dead. The retry and exactly-once rules
 * are those of a new connection: a message counts as sent once the relay accepted its data.
 */
public class PooledSmtpSender extends DefaultJavaMailSender implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PooledSmtpSender.class);

    /** Open connections not in use now; at most as many as threads that sent at the same time. */
    private final ConcurrentLinkedDeque<Transport> idle = new ConcurrentLinkedDeque<>();

    /**
     * @param host the relay
     * @param port its port
     * @param username the relay login, or null for none
     * @param password its password
     * @param javaMail Jakarta Mail settings (TLS policy, timeouts)
     */
    public PooledSmtpSender(String host, int port, String username, String password, Properties javaMail) {
        setProtocol("smtp");
        setHost(host);
        setPort(port);
        setUsername(username);
        setPassword(password);
        Properties properties = new Properties();
        properties.putAll(javaMail);
        properties.setProperty("mail.smtp.auth", Boolean.toString(username != null));
        setJavaMailProperties(properties);
        getSession(); // made once here, not raced for by the first senders
    }

    @Override
    public void send(MimeMessage message) throws MessagingException {
        Transport transport = take();
        try {
            // The message is prepared as Camel's sender prepares it; only the connection differs.
            if (message.getSentDate() == null) {
                message.setSentDate(new Date());
            }
            String messageId = message.getMessageID();
            message.saveChanges();
            if (messageId != null) { // saveChanges makes a new one
                message.setHeader("Message-ID", messageId);
            }
            transport.sendMessage(message, message.getAllRecipients());
        } catch (MessagingException | RuntimeException e) {
            closeQuietly(transport);
            throw e;
        }
        idle.push(transport);
    }

    /** The most recently used idle connection that still answers, else a new one. */
    private Transport take() throws MessagingException {
        for (Transport kept = idle.poll(); kept != null; kept = idle.poll()) {
            if (kept.isConnected()) { // NOOP on an SMTP connection
                return kept;
            }
            closeQuietly(kept);
        }
        Transport transport = getSession().getTransport(getProtocol());
        transport.connect(getHost(), getPort(), getUsername(), getPassword());
        return transport;
    }

    /** Quits every idle connection (the Spring context calls this when it closes). */
    @Override
    public void close() {
        for (Transport kept = idle.poll(); kept != null; kept = idle.poll()) {
            closeQuietly(kept);
        }
    }

    private static void closeQuietly(Transport transport) {
        try {
            transport.close();
        } catch (MessagingException | RuntimeException e) {
            log.debug("SMTP connection not closed cleanly ({})", e.getClass().getName());
        }
    }
}
