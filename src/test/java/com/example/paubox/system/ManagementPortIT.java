package com.example.paubox.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.example.paubox.support.Receivers;
import com.example.paubox.support.Webhooks;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * MANAGEMENT_SERVER_PORT with MANAGEMENT_SERVER_ADDRESS=127.0.0.1: /actuator moves to its own
 * port, on loopback only, and answers there without ADMIN_TOKEN (Prometheus can scrape with no
 * admin token set); the public port serves no /actuator. The port without an address refuses to start.
 */
class ManagementPortIT {

    @Test
    void actuatorOnTheManagementPortAnswersWithoutTheAdminTokenOnLoopbackOnly() throws Exception {
        int managementPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            managementPort = probe.getLocalPort();
        }
        try (ConfigurableApplicationContext receiver = Receivers.start("jdbc:h2:mem:management-port;DB_CLOSE_DELAY=-1",
                Map.of("management.server.port", managementPort, "management.server.address", "127.0.0.1", "paubox.admin.token", ""))) {
            int port = Receivers.port(receiver);
            Webhooks webhooks = new Webhooks(port);
            assertThat(webhooks.post(Webhooks.event("api_mail_log_delivered", Webhooks.nextId(), "m@patient.example.net")).statusCode())
                    .isEqualTo(200);

            HttpResponse<String> scrape = get(webhooks, managementPort, "/actuator/prometheus");
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).contains("paubox_webhooks_received_total{application=\"paubox-event-router\",event=\"api_mail_log_delivered\",outcome=\"accepted\"}");
            assertThat(get(webhooks, managementPort, "/actuator/health/readiness").statusCode()).isEqualTo(200);
            assertThat(get(webhooks, port, "/actuator/prometheus").statusCode()).isEqualTo(404);
            assertThat(get(webhooks, port, "/actuator/health").statusCode()).isEqualTo(404);

            Optional<InetAddress> external = nonLoopbackAddress();
            assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address to try the management port on");
            assertThat(accepts(external.get(), managementPort)).as("management port reachable on " + external.get()).isFalse();
            assertThat(accepts(external.get(), port)).as("the public port, for comparison").isTrue();
        }
    }

    @Test
    void managementPortWithoutAnAddressRefusesToStart() {
        assertThatThrownBy(() -> Receivers.start("jdbc:h2:mem:management-no-address;DB_CLOSE_DELAY=-1",
                Map.of("management.server.port", 0)))
                .rootCause().hasMessageContaining("set MANAGEMENT_SERVER_ADDRESS too");
    }

    private static HttpResponse<String> get(Webhooks webhooks, int port, String path) {
        return webhooks.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET());
    }

    private static boolean accepts(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 1000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        return NetworkInterface.networkInterfaces().filter(n -> {
            try {
                return n.isUp() && !n.isLoopback();
            } catch (SocketException e) {
                return false;
            }
        }).flatMap(NetworkInterface::inetAddresses).filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).findFirst();
    }
}
