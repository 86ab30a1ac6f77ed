package com.example.paubox.support;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * A TLS client that offers exactly one protocol version and prints what was negotiated, or
 * {@code REFUSED: <reason>}. Run in its own JVM, so that it can re-enable protocol versions the
 * JDK disables (TLS 1.1) without touching the test JVM. Test tool only: it trusts any certificate.
 */
public final class TlsProbe {

    private TlsProbe() {
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String protocol = args[2];
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new TrustAnything()}, null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(host, port)) {
            socket.setEnabledProtocols(new String[] {protocol});
            socket.setSoTimeout(5000);
            socket.startHandshake();
            System.out.println("NEGOTIATED: " + socket.getSession().getProtocol());
        } catch (Exception e) {
            System.out.println("REFUSED: " + e.getMessage());
        }
    }
}
