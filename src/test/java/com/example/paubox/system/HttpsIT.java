package com.example.paubox.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.paubox.support.Receivers;
import com.example.paubox.support.TlsProbe;
import com.example.paubox.support.Webhooks;
import java.io.FileInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * With TLS_CERTIFICATE and TLS_PRIVATE_KEY set (PEM, made here with the JDK's keytool), the
 * receiver speaks only HTTPS: TLS 1.2 and 1.3 clients connect, a TLS 1.1 client is refused by the
 * server (the probe re-enables TLS 1.1 for itself, so the refusal is the server's), and plain HTTP
 * gets no webhook through.
 */
class HttpsIT {

    @Test
    void onlyHttpsWithTls12And13(@TempDir Path dir) throws Exception {
        KeyStore keyStore = selfSignedKeyStore(dir);
        Path certificate = pem(dir.resolve("cert.pem"), "CERTIFICATE", keyStore.getCertificate("server").getEncoded());
        Path privateKey = pem(dir.resolve("key.pem"), "PRIVATE KEY", keyStore.getKey("server", "changeit".toCharArray()).getEncoded());

        try (ConfigurableApplicationContext receiver = Receivers.start("jdbc:h2:mem:https;DB_CLOSE_DELAY=-1", Map.of(
                "paubox.tls.certificate", certificate.toString(), "paubox.tls.private-key", privateKey.toString(),
                "paubox.admin.token", Webhooks.ADMIN_TOKEN))) {
            int port = Receivers.port(receiver);

            assertThat(probe(dir, port, "TLSv1.3")).isEqualTo("NEGOTIATED: TLSv1.3");
            assertThat(probe(dir, port, "TLSv1.2")).isEqualTo("NEGOTIATED: TLSv1.2");
            assertThat(probe(dir, port, "TLSv1.1")).startsWith("REFUSED").contains("protocol_version");

            HttpClient https = HttpClient.newBuilder().sslContext(trusting(keyStore)).build();
            HttpResponse<String> webhook = https.send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + port + "/webhooks/paubox?token=" + Webhooks.TOKEN))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Webhooks.event("api_mail_log_delivered", Webhooks.nextId(), "tls@patient.example.net")))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(webhook.statusCode()).isEqualTo(200);

            // The console's session cookie, over HTTPS: Secure as well.
            HttpResponse<String> signIn = https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/console/sign-in"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(signIn.statusCode()).isEqualTo(200);
            assertThat(signIn.headers().allValues("Set-Cookie")).filteredOn(c -> c.startsWith("PAUBOX_CONSOLE="))
                    .singleElement().satisfies(c -> assertThat(c).contains("Secure", "HttpOnly", "SameSite=Strict"));

            int plain;
            try {
                plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/webhooks/paubox?token=" + Webhooks.TOKEN))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
            } catch (IOException refused) {
                plain = -1;
            }
            assertThat(plain).as("plain HTTP on the HTTPS port").isNotIn(200, 201, 202, 204);
        }
    }

    /** Runs {@link TlsProbe} in its own JVM, with the JDK's TLS 1.0/1.1 ban lifted for that JVM only. */
    private static String probe(Path dir, int port, String protocol) throws Exception {
        Path security = dir.resolve("probe.security");
        Files.writeString(security, "jdk.tls.disabledAlgorithms=SSLv3, RC4, DES, MD5withRSA, DH keySize < 1024, NULL\n");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.security.properties=" + security, "-cp", System.getProperty("java.class.path"),
                TlsProbe.class.getName(), "127.0.0.1", Integer.toString(port), protocol)
                .redirectErrorStream(true).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return output.lines().filter(l -> l.startsWith("NEGOTIATED") || l.startsWith("REFUSED")).findFirst().orElse(output);
    }

    private static KeyStore selfSignedKeyStore(Path dir) throws Exception {
        Path store = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(store.toFile())) {
            keyStore.load(in, "changeit".toCharArray());
        }
        return keyStore;
    }

    private static Path pem(Path file, String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
        return file;
    }

    private static SSLContext trusting(KeyStore keyStore) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", (X509Certificate) keyStore.getCertificate("server"));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
