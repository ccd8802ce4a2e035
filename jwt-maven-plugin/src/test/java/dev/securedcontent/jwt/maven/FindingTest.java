package dev.securedcontent.jwt.maven;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FindingTest {

    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJBcHBNYW5pZmVzdCJ9.c2lnbmF0dXJlLWJ5dGVzLWhlcmU";

    @Test
    void tokenShapedTextIsRedactedInEveryField() {
        Finding f = Finding.failed("list.txt", "https://h/a?token=" + TOKEN, "token", "bad " + TOKEN, "not " + TOKEN);

        assertThat(f.location() + f.detail() + f.fix()).doesNotContain("c2lnbmF0dXJlLWJ5dGVzLWhlcmU");
        assertThat(f.detail()).startsWith("bad eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJBcHBNYW5pZmVzdCJ9.");
    }

    @Test
    void lineNamesSourceLocationCheckReasonAndFix() {
        Finding f = Finding.failed("list.txt", "line 3", "token", "EXPIRED: gone.", "sign again.");

        assertThat(f.line()).isEqualTo("list.txt line 3 [token]: EXPIRED: gone. Fix: sign again.");
    }

    @Test
    void passedFindingHasNoFix() {
        assertThat(Finding.passed("command line", "", "token", "valid").line())
                .isEqualTo("command line [token]: valid");
    }
}
