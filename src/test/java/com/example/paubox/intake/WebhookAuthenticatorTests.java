package com.example.paubox.intake;

import static org.assertj.core.api.Assertions.assertThat;
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
        assertThat(authenticator.isAuthentic(null, token)).isTrue();
        assertThat(authenticator.isAuthentic("Bearer " + token, null)).isTrue();
        assertThat(authenticator.isAuthentic("bearer " + token, null)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "NEW-TOKEN", "new-token ", " new-token", "new-toke", "new-tokenx", "old-token,new-token"})
    void nearMissesAreRejected(String token) {
        assertThat(authenticator.isAuthentic(null, token)).isFalse();
        assertThat(authenticator.isAuthentic("Bearer " + token, null)).isFalse();
    }

    @Test
    void missingTokenIsRejected() {
        assertThat(authenticator.isAuthentic(null, null)).isFalse();
        assertThat(authenticator.isAuthentic("Basic bmV3LXRva2Vu", null)).isFalse();
    }

    @Test
    void repeatedTokenParameterIsRejected() {
        assertThat(authenticator.isAuthentic(null, List.of("new-token", "new-token"))).isFalse();
    }

    @Test
    void withoutConfiguredTokenNothingGuessableIsAccepted() {
        WebhookAuthenticator unconfigured = new WebhookAuthenticator(properties("", false));
        for (String guess : new String[] {"", "null", "token", "changeme"}) {
            assertThat(unconfigured.isAuthentic(null, guess)).isFalse();
        }
    }

    @Test
    void requiredTokenMissingRefusesToStart() {
        assertThatThrownBy(() -> new WebhookAuthenticator(properties(" ", true)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("PAUBOX_WEBHOOK_TOKEN");
    }

    @Test
    void onlyTheExactLowerCaseTokenParameterCounts() {
        assertThat(WebhookAuthenticator.queryToken("token=a%2Bb")).isEqualTo("a+b");
        assertThat(WebhookAuthenticator.queryToken("x=1&token=abc&y=2")).isEqualTo("abc");
        for (String query : new String[] {"TOKEN=abc", "Token=abc", "access_token=abc", "xtoken=abc", "token", "token=a&token=a",
            "token=%zz", null}) {
            assertThat(WebhookAuthenticator.queryToken(query)).as(String.valueOf(query)).isNull();
        }
    }

    private static WebhookProperties properties(String token, boolean required) {
        return new WebhookProperties(token, DataSize.ofKilobytes(64), required, 20, Duration.ofMinutes(1));
    }
}
