package com.example.paubox.notify;

import jakarta.validation.constraints.AssertTrue;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings shared by the notification sinks.
 *
 * @param hashKey the secret key of the {@code hashed} recipient display ({@code RECIPIENT_HASH_KEY}),
 *     at least 32 bytes. Unset: a key is made at each start, so the same address shows a
 *     different pseudonym after a restart (and on each instance). Keep it as secret as the token.
 */
@Validated
@ConfigurationProperties("paubox.notify")
public record NotifyProperties(String hashKey) {

    @AssertTrue(message = "RECIPIENT_HASH_KEY must be at least 32 bytes long (e.g. openssl rand -base64 32)")
    public boolean isHashKeyLongEnough() {
        return hashKey == null || hashKey.isBlank() || hashKey.getBytes(StandardCharsets.UTF_8).length >= RecipientHasher.MIN_KEY_BYTES;
    }
}
