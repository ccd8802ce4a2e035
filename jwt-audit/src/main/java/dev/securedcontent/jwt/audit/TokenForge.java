package dev.securedcontent.jwt.audit;

import dev.securedcontent.jwt.core.ContentTokens;
import dev.securedcontent.jwt.core.RsaKeys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints the token each {@link AuditCase} sends: the case's row says how (valid ones with the private
 * key, and every kind of wrong one); this class holds the keys and the means. Tokens are written by
 * hand, byte for byte, so each is wrong in exactly one way.
 */
final class TokenForge {

    /** Lifetime of the valid token: well inside Jamf Pro's 1 to 120 minutes. */
    private static final long VALID_SECONDS = 5 * 60;
    /** Past any clock-skew allowance a server might have. */
    static final long EXPIRED_SECONDS_AGO = 2 * 60 * 60;
    static final long DAY = 24 * 60 * 60;
    /** How long ago the valid shapes' iat and nbf were, and their exp: inside the verifier's 60 s skew. */
    static final long PAST_SECONDS = 30;

    static final String RS256 = "{\"alg\":\"RS256\"}";

    private final Clock clock;
    private final Optional<RSAPrivateCrtKey> key;
    private final Optional<RSAPublicKey> publicKey;
    private final KeyPair otherKey;
    private final Optional<String> givenValid;

    /** @param givenValid a token the server accepts, used when there is no private key to mint one */
    TokenForge(Clock clock, Optional<RSAPrivateCrtKey> key, Optional<RSAPublicKey> publicKey,
            Optional<String> givenValid) {
        this.clock = clock;
        this.key = key;
        this.givenValid = givenValid;
        this.publicKey = publicKey.or(() -> key.map(RsaKeys::publicKeyOf));
        this.otherKey = RsaKeys.generate(2048);
    }

    boolean hasPrivateKey() {
        return key.isPresent();
    }

    boolean hasValidToken() {
        return key.isPresent() || givenValid.isPresent();
    }

    boolean hasPublicKey() {
        return publicKey.isPresent();
    }

    /** The token the case sends, minted now; empty for cases that send none. */
    Optional<String> tokenFor(AuditCase c) {
        return Optional.ofNullable(c.token().mint(new Mint(clock.instant().getEpochSecond())));
    }

    /**
     * What a case's token is made from, at one instant: the time, the standard claims, and the
     * keys (the private key, the public key, a key of the audit's own that the server never trusts).
     */
    final class Mint {
        private final long now;

        private Mint(long now) {
            this.now = now;
        }

        /** The instant the token is made, in epoch seconds. */
        long now() {
            return now;
        }

        /** The valid token's exp. */
        long exp() {
            return now + VALID_SECONDS;
        }

        /** Jamf Pro's claims: sub, iss, and exp {@link #exp()}. */
        String claims() {
            return TokenForge.claims(ContentTokens.SUBJECT, ContentTokens.ISSUER, exp());
        }

        /** A valid content token, as Jamf Pro makes it ({@code {"alg":"RS256"}}, sub, iss, exp), or the one given. */
        String valid() {
            if (key.isEmpty()) {
                return givenValid.orElseThrow();
            }
            return rs256(claims());
        }

        /** {@code claims} under {@code {"alg":"RS256"}}, signed with the private key. */
        String rs256(String claims) {
            return signed(RS256, claims, "SHA256withRSA");
        }

        /** Signed with the private key. */
        String signed(String header, String claims, String algorithm) {
            return sign(header, claims, algorithm, key.orElseThrow());
        }

        /** Signed SHA256withRSA with a key the server never trusts. */
        String byOtherKey(String header, String claims) {
            return sign(header, claims, "SHA256withRSA", otherKey.getPrivate());
        }

        /** HS256 keyed with the public key's PEM: key confusion. */
        String hs256WithPublicKeyPem(String header, String claims) {
            return hs256(header, claims, RsaKeys.toPem(publicKey.orElseThrow()).getBytes(StandardCharsets.US_ASCII));
        }

        /** The RFC 7638 thumbprint of the private key's public half. */
        String thumbprint() {
            return RsaKeys.thumbprint(RsaKeys.publicKeyOf(key.orElseThrow()));
        }

        /** The untrusted key as a JWK. */
        String otherKeyJwk() {
            return jwk((RSAPublicKey) otherKey.getPublic());
        }
    }

    /** A payload of sub, iss and exp, in that order; {@code exp} is written as given (a number, or JSON text). */
    static String claims(String sub, String iss, Object exp) {
        return "{\"sub\":\"" + sub + "\",\"iss\":\"" + iss + "\",\"exp\":" + exp + "}";
    }

    /** The token's signature segment. */
    static String signatureOf(String token) {
        return token.substring(token.lastIndexOf('.') + 1);
    }

    /** The token from the first dot on: its header swapped for another. */
    static String afterHeader(String token) {
        return token.substring(token.indexOf('.'));
    }

    static String signingInput(String token) {
        return token.substring(0, token.lastIndexOf('.'));
    }

    /** The signature re-encoded in the standard base64 alphabet, so it differs from base64url. */
    static String standardAlphabet(String token) {
        int dot = token.lastIndexOf('.');
        byte[] signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        // All but about 1 in 50,000 signatures of 256 bytes hold a - or _ in base64url, so the two differ.
        String standard = Base64.getEncoder().withoutPadding().encodeToString(signature);
        return token.substring(0, dot + 1) + standard;
    }

    private static String sign(String header, String claims, String algorithm, PrivateKey key) {
        String input = b64(header) + "." + b64(claims);
        try {
            Signature signature = Signature.getInstance(algorithm);
            if (algorithm.equals("RSASSA-PSS")) {
                signature.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
            }
            signature.initSign(key);
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK without " + algorithm, e);
        }
    }

    private static String hs256(String header, String claims, byte[] secret) {
        String input = b64(header) + "." + b64(claims);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK without HmacSHA256", e);
        }
    }

    private static String jwk(RSAPublicKey key) {
        return "{\"kty\":\"RSA\",\"n\":\"" + b64(unsigned(key.getModulus().toByteArray())) + "\",\"e\":\""
                + b64(unsigned(key.getPublicExponent().toByteArray())) + "\"}";
    }

    private static byte[] unsigned(byte[] bytes) {
        return bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    /**
     * The token with its signature's last 8 bytes dropped, re-encoded as strict base64url: a shorter
     * signature, not a broken encoding (cutting characters off would leave non-zero trailing bits in
     * 15 of 16 tokens, which a strict reader refuses for the encoding alone).
     */
    static String truncated(String token) {
        int dot = token.lastIndexOf('.');
        byte[] signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        return token.substring(0, dot + 1) + b64(Arrays.copyOf(signature, signature.length - 8));
    }

    static String b64(String json) {
        return b64(json.getBytes(StandardCharsets.UTF_8));
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
