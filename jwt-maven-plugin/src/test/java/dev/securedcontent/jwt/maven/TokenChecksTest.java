package dev.securedcontent.jwt.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.core.ContentTokenVerifier;
import dev.securedcontent.jwt.core.RsaKeys;
import java.net.URI;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenChecksTest {

    private static final KeyPair KEYS = RsaKeys.generate(2048);
    private static final KeyPair OTHER = RsaKeys.generate(2048);

    private final Clock clock = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
    private final ContentTokenVerifier verifier = ContentTokenVerifier.builder(KEYS.getPublic()).clock(clock).build();

    private String token(KeyPair keys, Duration expiry, Clock at) {
        return ContentTokenSigner.builder((RSAPrivateCrtKey) keys.getPrivate()).clock(at).expiry(expiry).build().sign();
    }

    private List<CheckResult> check(URI url, Duration minRemaining, boolean allowHttp) {
        List<CheckResult> out = new ArrayList<>();
        new TokenChecks(verifier, clock, minRemaining, allowHttp).checkUrl("list.txt", "line 1", url, out);
        return out;
    }

    @Test
    void validSignedHttpsUrlPasses() {
        URI url = URI.create("https://h/app.ipa?token=" + token(KEYS, Duration.ofMinutes(10), clock));

        assertThat(check(url, Duration.ZERO, false)).extracting(CheckResult::status).containsOnly(CheckResult.Status.PASSED);
    }

    @Test
    void tokenOfAnotherKeyFailsWithBadSignatureAndTheKeyFix() {
        URI url = URI.create("https://h/app.ipa?token=" + token(OTHER, Duration.ofMinutes(10), clock));

        CheckResult token = check(url, Duration.ZERO, false).get(1);

        assertThat(token.status()).isEqualTo(CheckResult.Status.FAILED);
        assertThat(token.detail()).startsWith("BAD_SIGNATURE");
        assertThat(token.fix()).contains("jwt.publicKeyFiles");
    }

    @Test
    void tooLittleValidityLeftFailsNamingTheSetting() {
        URI url = URI.create("https://h/app.ipa?token=" + token(KEYS, Duration.ofMinutes(3), clock));

        List<CheckResult> findings = check(url, Duration.ofMinutes(5), false);

        assertThat(findings).filteredOn(CheckResult::isFailure).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo("remaining validity");
            assertThat(f.detail()).contains("3 min 0 s left", "jwt.minRemaining is 5 min");
        });
    }

    @Test
    void expiredTokenFails() {
        String expired = token(KEYS, Duration.ofMinutes(5), Clock.offset(clock, Duration.ofHours(-1)));

        CheckResult token = check(URI.create("https://h/app.ipa?token=" + expired), Duration.ZERO, false).get(1);

        assertThat(token.detail()).startsWith("EXPIRED");
    }

    @Test
    void plainHttpFailsUnlessAllowedAndLoopback() {
        String t = token(KEYS, Duration.ofMinutes(10), clock);

        assertThat(check(URI.create("http://127.0.0.1:8080/a?token=" + t), Duration.ZERO, true).get(0).status())
                .isEqualTo(CheckResult.Status.PASSED);
        assertThat(check(URI.create("http://h.example/a?token=" + t), Duration.ZERO, true).get(0).status())
                .isEqualTo(CheckResult.Status.FAILED);
        assertThat(check(URI.create("http://127.0.0.1:8080/a?token=" + t), Duration.ZERO, false).get(0).status())
                .isEqualTo(CheckResult.Status.FAILED);
    }

    @Test
    void unsignedUrlFailsAsMissing() {
        CheckResult token = check(URI.create("https://h/app.ipa"), Duration.ZERO, false).get(1);

        assertThat(token.detail()).startsWith("MISSING");
        assertThat(token.fix()).contains("jwt:sign");
    }
}
