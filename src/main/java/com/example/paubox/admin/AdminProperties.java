package com.example.paubox.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

/**
 * The operators' API under {@code /admin}.
 *
 * @param token the bearer token it requires ({@code ADMIN_TOKEN}); blank switches the API off
 */
@ConfigurationProperties("paubox.admin")
public record AdminProperties(String token) {

    public boolean enabled() {
        return StringUtils.hasText(token);
    }

    /** Says whether the token is set, never what it is (a record would print it). */
    @Override
    public String toString() {
        return "AdminProperties[token=" + (enabled() ? "(set, hidden)" : "(unset)") + "]";
    }
}
