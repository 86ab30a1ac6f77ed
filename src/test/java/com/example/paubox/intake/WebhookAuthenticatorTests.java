package com.example.paubox.intake;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;

class WebhookAuthenticatorTests {

    private final WebhookAuthenticator authenticator =
            new WebhookAuthenticator(properties(" old-token , new-token ", false));

    @ParameterizedTest
    @ValueSource(strings = {"old-token", "new-token"})
    void eachConfiguredTokenIsAcceptedSoTokensCanBeRotated(String token) {
        assertThatCode(() -> authenticator.authenticate(null, token)).doesNotThrowAnyException();
        assertThatCode(() -> authenticator.authenticate("Bearer " + token, null)).doesNotThrowAnyException();
        assertThatCode(() -> authenticator.authenticate("bearer " + token, null)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "NEW-TOKEN", "new-token ", " new-token", "new-toke", "new-tokenx", "old-token,new-token"})
    void nearMissesAreRejected(String token) {
        assertThatThrownBy(() -> authenticator.authenticate(null, token)).isInstanceOf(WebhookRejectedException.class);
        assertThatThrownBy(() -> authenticator.authenticate("Bearer " + token, null)).isInstanceOf(WebhookRejectedException.class);
    }

    @Test
    void missingTokenIsRejected() {
        assertThatThrownBy(() -> authenticator.authenticate(null, null)).isInstanceOf(WebhookRejectedException.class);
        assertThatThrownBy(() -> authenticator.authenticate("Basic bmV3LXRva2Vu", null)).isInstanceOf(WebhookRejectedException.class);
    }

    @Test
    void repeatedTokenParameterIsRejected() {
        assertThatThrownBy(() -> authenticator.authenticate(null, List.of("new-token", "new-token")))
                .isInstanceOf(WebhookRejectedException.class);
    }

    @Test
    void withoutConfiguredTokenNothingGuessableIsAccepted() {
        WebhookAuthenticator unconfigured = new WebhookAuthenticator(properties("", false));
        for (String guess : new String[] {"", "null", "token", "changeme"}) {
            assertThatThrownBy(() -> unconfigured.authenticate(null, guess)).isInstanceOf(WebhookRejectedException.class);
        }
    }

    @Test
    void requiredTokenMissingRefusesToStart() {
        assertThatThrownBy(() -> new WebhookAuthenticator(properties(" ", true)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("PAUBOX_WEBHOOK_TOKEN");
    }

    private static WebhookProperties properties(String token, boolean required) {
        return new WebhookProperties(token, DataSize.ofKilobytes(64), required, 20, Duration.ofMinutes(1));
    }
}
