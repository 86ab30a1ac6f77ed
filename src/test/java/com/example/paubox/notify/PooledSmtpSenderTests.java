package com.example.paubox.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.paubox.support.TcpProxy;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The email sink's sender against a real SMTP server (GreenMail) behind a proxy that counts connections. */
class PooledSmtpSenderTests {

    private GreenMail relay;
    private TcpProxy proxy;
    private PooledSmtpSender sender;

    @BeforeEach
    void startRelay() throws Exception {
        relay = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        relay.start();
        proxy = new TcpProxy(relay.getSmtp().getPort());
        Properties javaMail = new Properties();
        javaMail.setProperty("mail.smtp.connectiontimeout", "5000");
        javaMail.setProperty("mail.smtp.timeout", "5000");
        sender = new PooledSmtpSender("127.0.0.1", proxy.port(), null, null, javaMail);
    }

    @AfterEach
    void stopRelay() throws Exception {
        sender.close();
        proxy.close();
        relay.stop();
    }

    @Test
    void emailsInARowShareOneConnection() throws Exception {
        for (int i = 1; i <= 3; i++) {
            sender.send(email("Event " + i));
        }

        assertThat(relay.getReceivedMessages()).extracting(MimeMessage::getSubject).containsExactly("Event 1", "Event 2", "Event 3");
        assertThat(proxy.connections()).isEqualTo(1);
    }

    @Test
    void aConnectionTheRelayHungUpOnIsReplacedBeforeTheNextEmail() throws Exception {
        sender.send(email("Before"));
        proxy.dropConnections(); // as a relay does with idle clients

        sender.send(email("After"));

        assertThat(relay.getReceivedMessages()).extracting(MimeMessage::getSubject).containsExactly("Before", "After");
        assertThat(proxy.connections()).isEqualTo(2);
    }

    @Test
    void anUnreachableRelayFailsTheSendAndTheNextOneConnectsAgain() throws Exception {
        sender.send(email("Before"));
        proxy.cut();

        assertThatThrownBy(() -> sender.send(email("Lost"))).isInstanceOf(MessagingException.class);

        proxy.restore();
        sender.send(email("After"));
        assertThat(relay.getReceivedMessages()).extracting(MimeMessage::getSubject).containsExactly("Before", "After");
    }

    @Test
    void closingLetsGoOfTheIdleConnection() throws Exception {
        sender.send(email("Only"));

        sender.close();
        sender.send(email("Next"));

        assertThat(proxy.connections()).isEqualTo(2);
    }

    private MimeMessage email(String subject) throws MessagingException {
        MimeMessage message = new MimeMessage(sender.getSession());
        message.setFrom(new InternetAddress("receiver@example.com"));
        message.setRecipients(MimeMessage.RecipientType.TO, "ops@example.com");
        message.setSubject(subject);
        message.setText("text");
        return message;
    }
}
