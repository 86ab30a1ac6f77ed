package com.example.paubox.intake;

import jakarta.servlet.ServletException;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * Lets a refused webhook request go without reading the rest of its body. When a servlet answers
 * without reading the body, Tomcat drains what is left of it on the request thread before the
 * connection can be closed or reused, at whatever pace the client sends it, so a client that
 * trickles a body it was refused for would still hold a thread. For a request that
 * {@link WebhookRequestFilter} refused, this valve tells Tomcat not to drain it
 * ({@code DISABLE_SWALLOW_INPUT}): the answer goes out and the connection is closed.
 */
class UnreadBodyValve extends ValveBase {

    UnreadBodyValve() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        getNext().invoke(request, response);
        if (Boolean.TRUE.equals(request.getAttribute(WebhookRequestFilter.DROP_CONNECTION))) {
            request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
            // Tomcat marks that as an error to report; the answer is written already, so no
            // error page is wanted (it would append Spring's error JSON, path included).
            response.setErrorReported();
        }
    }
}
