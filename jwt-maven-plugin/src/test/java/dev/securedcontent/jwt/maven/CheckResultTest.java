package dev.securedcontent.jwt.maven;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CheckResultTest {

    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJBcHBNYW5pZmVzdCJ9.c2lnbmF0dXJlLWJ5dGVzLWhlcmU";

    @Test
    void tokenShapedTextIsRedactedInEveryField() {
        CheckResult f = CheckResult.failed("list.txt", "https://h/a?token=" + TOKEN, "token", "bad " + TOKEN, "not " + TOKEN);

        assertThat(f.location() + f.detail() + f.fix()).doesNotContain("c2lnbmF0dXJlLWJ5dGVzLWhlcmU");
        assertThat(f.detail()).startsWith("bad eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJBcHBNYW5pZmVzdCJ9.");
    }

    @Test
    void lineNamesSourceLocationCheckReasonAndFix() {
        CheckResult f = CheckResult.failed("list.txt", "line 3", "token", "EXPIRED: gone.", "sign again.");

        assertThat(f.line()).isEqualTo("list.txt line 3 [token]: EXPIRED: gone. Fix: sign again.");
    }

    @Test
    void passedFindingHasNoFix() {
        assertThat(CheckResult.passed("command line", "", "token", "valid").line())
                .isEqualTo("command line [token]: valid");
    }
}
