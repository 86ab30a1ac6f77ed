package com.example.paubox.support;

import java.security.cert.X509Certificate;
import javax.net.ssl.X509TrustManager;

/**
 * A client-side trust manager that accepts any certificate: for test clients that must reach a
 * TLS handshake's end whatever the server presents (to see which protocol it agrees to, or that
 * the server speaks TLS at all). Never used by the receiver.
 */
public final class TrustAnything implements X509TrustManager {

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
