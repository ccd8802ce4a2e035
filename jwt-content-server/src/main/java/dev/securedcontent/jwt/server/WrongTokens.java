package dev.securedcontent.jwt.server;

import dev.securedcontent.jwt.core.ContentTokens;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * Tokens that are wrong in exactly one way, built with plain JCA (not with the signer under test),
 * so negative tests do not depend on the code they test.
 */
final class WrongTokens {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final String RS256_HEADER = "{\"alg\":\"RS256\"}";

    private final PrivateKey key;
    private final Supplier<KeyPair> otherKeyPair;
    private final Clock clock;
    private final Duration expiry;
    private final Duration clockSkew;

    WrongTokens(PrivateKey key, Supplier<KeyPair> otherKeyPair, Clock clock, Duration expiry, Duration clockSkew) {
        this.key = key;
        this.otherKeyPair = otherKeyPair;
        this.clock = clock;
        this.expiry = expiry;
        this.clockSkew = clockSkew;
    }

    /** Expired a minute beyond the clock-skew allowance. */
    String expired() {
        long exp = now() - clockSkew.toSeconds() - 60;
        return sign(RS256_HEADER, payload(ContentTokens.SUBJECT, ContentTokens.ISSUER, exp), key);
    }

    /** {@code iss} is {@code jss}: right letters, wrong case. */
    String wrongIssuer() {
        return sign(RS256_HEADER, payload(ContentTokens.SUBJECT, "jss", validExp()), key);
    }

    /** {@code sub} is {@code appmanifest}: right letters, wrong case. */
    String wrongSubject() {
        return sign(RS256_HEADER, payload("appmanifest", ContentTokens.ISSUER, validExp()), key);
    }

    /** Right claims, signed by a key the server does not accept. */
    String otherKey() {
        return sign(RS256_HEADER, validPayload(), otherKeyPair.get().getPrivate());
    }

    /** {@code {"alg":"none"}} with an empty signature: the oldest JWT attack. */
    String algNone() {
        return encode(("{\"alg\":\"none\"}")) + "." + encode(validPayload()) + ".";
    }

    /** A validly signed token whose payload was changed afterwards ({@code exp} one minute later). */
    String tampered() {
        long exp = validExp();
        String signed = sign(RS256_HEADER, payload(ContentTokens.SUBJECT, ContentTokens.ISSUER, exp), key);
        String signature = signed.substring(signed.lastIndexOf('.') + 1);
        return encode(RS256_HEADER) + "." + encode(payload(ContentTokens.SUBJECT, ContentTokens.ISSUER, exp + 60))
                + "." + signature;
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private long validExp() {
        return now() + expiry.toSeconds();
    }

    private String validPayload() {
        return payload(ContentTokens.SUBJECT, ContentTokens.ISSUER, validExp());
    }

    /** Jamf Pro's payload, claims in Jamf's order. */
    static String payload(String subject, String issuer, long exp) {
        return "{\"sub\":\"" + subject + "\",\"iss\":\"" + issuer + "\",\"exp\":" + exp + "}";
    }

    static String sign(String headerJson, String payloadJson, PrivateKey privateKey) {
        String signingInput = encode(headerJson) + "." + encode(payloadJson);
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(privateKey);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + BASE64URL.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a test token with SHA256withRSA: " + e.getMessage(), e);
        }
    }

    private static String encode(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
