package com.example.paubox.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The admin token is a secret: printing its properties must not print it. */
class AdminPropertiesTests {

    @Test
    void toStringSaysWhetherTheTokenIsSetButNeverWhatItIs() {
        assertThat(new AdminProperties("admin-secret-31c7").toString()).doesNotContain("admin-secret-31c7").contains("set, hidden");
        assertThat(new AdminProperties("").toString()).contains("unset");
    }
}
