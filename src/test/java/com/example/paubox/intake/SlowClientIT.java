package com.example.paubox.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.paubox.support.Receivers;
import com.example.paubox.support.Webhooks;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** A client that sends part of a request and then trickles or stalls is cut off by the read timeout. */
class SlowClientIT {

    @Test
    void stalledRequestIsCutOffAndNothingIsStored() throws Exception {
        try (ConfigurableApplicationContext receiver = Receivers.start("jdbc:h2:mem:slow;DB_CLOSE_DELAY=-1",
                Map.of("server.tomcat.connection-timeout", "2s"))) {
            String body = Webhooks.event("api_mail_log_delivered", Webhooks.nextId(), "slow@patient.example.net");
            try (Socket socket = new Socket("127.0.0.1", Receivers.port(receiver))) {
                socket.setSoTimeout(15_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /webhooks/paubox?token=" + Webhooks.TOKEN + " HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body.substring(0, 10).getBytes(StandardCharsets.UTF_8));
                out.flush();
                long start = System.nanoTime();
                String answer = readUntilClosed(socket.getInputStream());
                long waitedMillis = (System.nanoTime() - start) / 1_000_000;
                assertThat(waitedMillis).as("cut off by the read timeout, not by the test's own").isLessThan(12_000);
                assertThat(answer).doesNotContain("200 ", "accepted");
            }
            assertThat(receiver.getBean(JdbcTemplate.class).queryForObject("SELECT COUNT(*) FROM webhook_events", Integer.class)).isZero();
        }
    }

    private static String readUntilClosed(InputStream in) throws Exception {
        StringBuilder answer = new StringBuilder();
        byte[] buffer = new byte[1024];
        try {
            for (int read; (read = in.read(buffer)) >= 0; ) {
                answer.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
            }
        } catch (SocketException reset) {
            // the server reset the connection: cut off as well
        }
        return answer.toString();
    }
}
