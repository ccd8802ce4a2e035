package dev.securedcontent.jwt.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * A Jamf Pro shaped content token made with plain JCA (so no benchmark depends on the code it
 * measures), with the clock every verifier in a run is given so the token stays valid throughout.
 *
 * @param publicKey    the RSA-2048 key that verifies {@code token}
 * @param privateKey   the key that signed it
 * @param clock        fixed at the moment the token was made; {@code exp} is {@link #LIFETIME} later
 * @param token        {@code {"alg":"RS256"}.{"sub":"AppManifest","iss":"JSS","exp":N}.sig}
 * @param signingInput the ASCII bytes of {@code header.payload}, what the floor verifies
 * @param signature    the decoded signature, what the floor verifies
 */
record JamfToken(
        RSAPublicKey publicKey,
        RSAPrivateCrtKey privateKey,
        Clock clock,
        String token,
        byte[] signingInput,
        byte[] signature) {

    /** Inside every verifier's default maximum lifetime (Jamf's 120 minutes). */
    static final Duration LIFETIME = Duration.ofMinutes(100);

    static JamfToken mint() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            Clock clock = Clock.fixed(Instant.now().truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);
            long exp = clock.instant().plus(LIFETIME).getEpochSecond();

            Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
            String header = base64url.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8));
            String payload = base64url.encodeToString(
                    ("{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":" + exp + "}").getBytes(StandardCharsets.UTF_8));
            byte[] signingInput = (header + "." + payload).getBytes(StandardCharsets.US_ASCII);

            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(keys.getPrivate());
            rs256.update(signingInput);
            byte[] signature = rs256.sign();

            return new JamfToken(
                    (RSAPublicKey) keys.getPublic(),
                    (RSAPrivateCrtKey) keys.getPrivate(),
                    clock,
                    header + "." + payload + "." + base64url.encodeToString(signature),
                    signingInput,
                    signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JDK cannot make an RSA-2048 SHA256withRSA token: " + e, e);
        }
    }
}
