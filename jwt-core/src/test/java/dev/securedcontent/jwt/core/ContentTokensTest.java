package dev.securedcontent.jwt.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContentTokensTest {

    @Test
    void redactKeepsHeaderAndPayloadOfAJws() {
        assertThat(ContentTokens.redact("eyJhbGciOiJSUzI1NiJ9.eyJleHAiOjF9.c2lnbmF0dXJl"))
                .isEqualTo("eyJhbGciOiJSUzI1NiJ9.eyJleHAiOjF9.<redacted>");
    }

    @Test
    void redactHidesAnythingNotShapedLikeAJws() {
        assertThat(ContentTokens.redact("secret-without-dots")).isEqualTo("<redacted 19 chars>");
        assertThat(ContentTokens.redact("a.b.c.d.e")).isEqualTo("<redacted 9 chars>");
        assertThat(ContentTokens.redact("a.b")).isEqualTo("<redacted 3 chars>");
    }

    @Test
    void redactNeverLetsLogInjectionThrough() {
        assertThat(ContentTokens.redact("a\nINFO forged.b.sig")).isEqualTo("<redacted 19 chars>");
    }

    @Test
    void redactHandlesNullAndHugeInput() {
        assertThat(ContentTokens.redact(null)).isEqualTo("<null>");
        assertThat(ContentTokens.redact("A".repeat(5000) + ".B.C")).isEqualTo("<redacted 5004 chars>");
    }

    @Test
    void redactOfASignedTokenNeverContainsItsSignature() {
        String token = BadTokenCorpus.jamfToken(TestKeys.TRUSTED.getPrivate(), TestKeys.CLOCK);

        assertThat(ContentTokens.redact(token)).doesNotContain(token.substring(token.lastIndexOf('.') + 1));
    }

    @Test
    void redactAllHidesTheSignatureOfEveryTokenInFreeText() {
        String token = BadTokenCorpus.jamfToken(TestKeys.TRUSTED.getPrivate(), TestKeys.CLOCK);
        String signature = token.substring(token.lastIndexOf('.') + 1);
        String text = "GET /a.ipa?token=" + token + " then " + token + ".";

        String redacted = ContentTokens.redactAll(text);

        assertThat(redacted).doesNotContain(signature).contains(ContentTokens.redact(token));
        assertThat(ContentTokens.containsSignedToken(text)).isTrue();
        assertThat(ContentTokens.containsSignedToken(redacted)).isFalse();
        assertThat(ContentTokens.redactAll("no token here")).isEqualTo("no token here");
        assertThat(ContentTokens.redactAll(null)).isEmpty();
    }
}
