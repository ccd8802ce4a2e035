package dev.securedcontent.jwt.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs docs/library.md's token examples (the docs show this code: DocSnippetsTest in it checks it). */
class TokenExamplesTest {

    static void quickStart(Path keyFile, PrintStream out) throws Exception {
        // keyFile: Jamf Pro's private key, e.g. Path.of("jamf-jwt.pem"); out: e.g. System.out
        RSAPrivateCrtKey privateKey = RsaKeys.readPrivateKey(keyFile);
        ContentTokenSigner signer = ContentTokenSigner.builder(privateKey).build();
        URI url = signer.signUrl(URI.create("https://downloads.example.com/apps/App.ipa?v=2"));

        ContentTokenVerifier verifier = ContentTokenVerifier.builder(RsaKeys.publicKeyOf(privateKey))
                .cacheVerifiedTokens(10_000)
                .build();
        try {
            VerifiedContentToken token = verifier.verifyUrl(url);
            out.println("serve it; token valid until " + token.expiresAt());
        } catch (TokenRejectedException e) {
            out.println("403 " + e.getMessage()); // safe to log: never the signature
        }
    }

    static ContentTokenVerifier everyOption(RSAPrivateCrtKey oldKey, RSAPrivateCrtKey newKey, Clock clock) {
        ContentTokenSigner signer = ContentTokenSigner.builder(newKey)
                .expiry(Duration.ofMinutes(5))          // default 5 min; Jamf's range is 1-120 min
                .clock(clock)                           // default Clock.systemUTC()
                .keyId("2026-03")                       // default: no kid (Jamf sends none)
                .extraClaims(Map.of("aud", "downloads")) // default: none; never sub/iss/exp
                .build();
        ContentTokenSigner shortLived = ContentTokenSigner.builder(newKey)
                .allowExpiryOutsideJamfRange()          // opt-in: any positive whole seconds
                .expiry(Duration.ofSeconds(20))
                .build();
        ContentTokenVerifier verifier = ContentTokenVerifier.builder(RsaKeys.publicKeyOf(oldKey))
                .acceptKey(RsaKeys.publicKeyOf(newKey), "2026-03") // rotation; kid "2026-03" or the thumbprint selects it
                .clockSkew(Duration.ofSeconds(60))      // default 60 s; 0-5 min
                .maxLifetime(Duration.ofMinutes(120))   // default 120 min (+ skew)
                .maxTokenLength(4096)                   // default 4096 characters
                .clock(clock)                           // default Clock.systemUTC()
                .cacheVerifiedTokens(10_000)            // default 0 (off)
                .build();
        return verifier;
    }

    @Test
    void theQuickStartRunsAndAcceptsItsOwnToken(@TempDir Path dir) throws Exception {
        Path keyFile = dir.resolve("jamf-jwt.pem");
        Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(TestKeys.TRUSTED.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();

        quickStart(keyFile, new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("serve it; token valid until ");
    }

    @Test
    void everyOptionBuilds() throws Exception {
        RSAPrivateCrtKey oldKey = (RSAPrivateCrtKey) TestKeys.TRUSTED.getPrivate();
        RSAPrivateCrtKey newKey = (RSAPrivateCrtKey) TestKeys.UNTRUSTED.getPrivate();
        String byNewKey = ContentTokenSigner.builder(newKey).keyId("2026-03").clock(TestKeys.CLOCK).build().sign();

        ContentTokenVerifier verifier = everyOption(oldKey, newKey, TestKeys.CLOCK);

        assertThat(verifier.verify(byNewKey).key()).isEqualTo(RsaKeys.publicKeyOf(newKey));
    }
}
