package com.example.paubox.intake;

import com.example.paubox.system.SecretMatcher;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Checks the shared secret of a webhook request. Paubox cannot sign its requests, so the secret
 * travels in the URL ({@code ?token=}) or as {@code Authorization: Bearer}, and is compared in
 * constant time by {@link SecretMatcher}.
 */
@Component("webhookAuthenticator")
public class WebhookAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(WebhookAuthenticator.class);

    private final SecretMatcher tokens;

    public WebhookAuthenticator(WebhookProperties properties) {
        List<String> configured = properties.tokens();
        if (configured.isEmpty() && properties.requireToken()) {
            throw new IllegalStateException("PAUBOX_WEBHOOK_TOKEN is not set: refusing to start, since anyone could post events"
                    + " (paubox.webhook.require-token is on, as in the prod profile)");
        }
        if (configured.isEmpty()) {
            String oneOff = generateToken();
            // Printed once, on purpose: without it a first local run could not be called at all.
            log.warn("PAUBOX_WEBHOOK_TOKEN is not set. Generated a one-off token for this run only: {}"
                    + " (set PAUBOX_WEBHOOK_TOKEN for anything but a local trial)", oneOff);
            configured = List.of(oneOff);
        } else {
            log.info("Webhook authentication: {} token(s) configured", configured.size());
        }
        this.tokens = new SecretMatcher(configured);
    }

    /**
     * Passes when the request carries a configured token, else throws a 401 rejection.
     *
     * @param authorization the {@code Authorization} header, if any
     * @param queryToken the {@code token} query parameter, if any
     */
    public void authenticate(@Header("Authorization") Object authorization, @Header("token") Object queryToken) {
        if (!isAuthentic(authorization, queryToken)) {
            throw WebhookRejectedException.unauthorized();
        }
    }

    /** Whether the request carries a configured token, as {@code Authorization: Bearer} or {@code ?token=}. */
    public boolean isAuthentic(Object authorization, Object queryToken) {
        return tokens.matches(presentedToken(authorization, queryToken));
    }

    private static String presentedToken(Object authorization, Object queryToken) {
        String bearer = SecretMatcher.bearerToken(authorization);
        if (bearer != null) {
            return bearer;
        }
        // A repeated parameter arrives as a list: refuse it rather than guess which one counts.
        return queryToken instanceof String token ? token : null;
    }

    private static String generateToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
