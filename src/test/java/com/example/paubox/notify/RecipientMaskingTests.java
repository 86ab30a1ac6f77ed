package com.example.paubox.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecipientMaskingTests {

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
        "john@example.com, j***@example.com",
        "j@Example.COM, j***@example.com",
        "first.last+tag@sub.example.org, f***@sub.example.org",
        "no-at-sign, ***",
        "@example.com, ***",
        "john@, ***",
        "NULL, (none)"
    })
    void maskKeepsFirstLetterAndDomainOnly(String address, String masked) {
        assertThat(RecipientMasking.mask(address)).isEqualTo(masked);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
        "clinic@Sender.Example.com, sender.example.com",
        "no-at-sign, (unknown)",
        "NULL, (unknown)"
    })
    void domainIsTheLowerCasedPartAfterTheAt(String address, String domain) {
        assertThat(RecipientMasking.domain(address)).isEqualTo(domain);
    }
}
