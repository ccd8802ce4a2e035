package dev.securedcontent.jwt.audit;

import dev.securedcontent.jwt.core.ContentTokens;
import dev.securedcontent.jwt.core.PemKeys;
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
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes the token each {@link AuditCase} sends: valid ones with the private key, and every kind of
 * wrong one. Tokens are written by hand, byte for byte, so each is wrong in exactly one way.
 */
final class TokenForge {

    /** Lifetime of the valid token: well inside Jamf Pro's 1 to 120 minutes. */
    private static final long VALID_SECONDS = 5 * 60;
    /** Past any clock-skew allowance a server might have. */
    private static final long EXPIRED_SECONDS_AGO = 2 * 60 * 60;
    private static final long DAY = 24 * 60 * 60;
    /** How long ago the valid shapes' iat and nbf were, and their exp: inside the verifier's 60 s skew. */
    private static final long PAST_SECONDS = 30;

    private static final String RS256 = "{\"alg\":\"RS256\"}";

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
        this.publicKey = publicKey.or(() -> key.map(PemKeys::publicKeyOf));
        this.otherKey = PemKeys.generate(2048);
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

    /** The token the case sends; empty for cases that send none. */
    Optional<String> tokenFor(AuditCase c) {
        long now = clock.instant().getEpochSecond();
        long exp = now + VALID_SECONDS;
        String claims = claims(ContentTokens.SUBJECT, ContentTokens.ISSUER, Long.toString(exp));
        return Optional.ofNullable(switch (c) {
            case VALID_GET, VALID_RANGE, VALID_HEAD, CONTENT_MATCHES, TRACE_VALID_TOKEN -> valid();
            case VALID_TYP_JWT -> sign("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", claims, "SHA256withRSA", key.orElseThrow());
            case VALID_KID -> sign("{\"alg\":\"RS256\",\"kid\":\"" + PemKeys.thumbprint(PemKeys.publicKeyOf(key.orElseThrow()))
                    + "\"}", claims, "SHA256withRSA", key.orElseThrow());
            case VALID_IAT_NBF_PAST -> rs256("{\"sub\":\"" + ContentTokens.SUBJECT + "\",\"iss\":\"" + ContentTokens.ISSUER
                    + "\",\"exp\":" + exp + ",\"iat\":" + (now - PAST_SECONDS) + ",\"nbf\":" + (now - PAST_SECONDS) + "}");
            case VALID_CLAIMS_REORDERED -> rs256("{\"exp\":" + exp + ",\"jti\":\"" + UUID.randomUUID() + "\",\"iss\":\""
                    + ContentTokens.ISSUER + "\",\"sub\":\"" + ContentTokens.SUBJECT + "\"}");
            case VALID_EXP_IN_SKEW -> rs256(claims(ContentTokens.SUBJECT, ContentTokens.ISSUER,
                    Long.toString(now - PAST_SECONDS)));
            case TOKEN_NOT_ECHOED, NO_TOKEN_GET, NO_TOKEN_RANGE, NO_TOKEN_HEAD, NO_TOKEN_POST, NO_TOKEN_OPTIONS, NO_TOKEN_TRACE,
                    PATH_DOUBLE_SLASH, PATH_DOT_SEGMENT, PATH_ENCODED_DOT, PATH_ENCODED_LETTER, PATH_LETTER_CASE -> null;
            case EMPTY_TOKEN -> "";
            case ALG_NONE -> b64("{\"alg\":\"none\"}") + "." + b64(claims) + ".";
            case ALG_NONE_CAPITALIZED -> b64("{\"alg\":\"None\"}") + "." + b64(claims) + ".";
            case ALG_NONE_WITH_SIGNATURE -> {
                // Any RS256 signature will do: a server that honours alg none never looks at it.
                String signed = sign(RS256, claims, "SHA256withRSA", otherKey.getPrivate());
                yield b64("{\"alg\":\"none\"}") + "." + b64(claims) + signed.substring(signed.lastIndexOf('.'));
            }
            case HS256_PUBLIC_KEY -> hs256("{\"alg\":\"HS256\"}", claims,
                    PemKeys.toPem(publicKey.orElseThrow()).getBytes(StandardCharsets.US_ASCII));
            case OTHER_KEY -> sign(RS256, claims, "SHA256withRSA", otherKey.getPrivate());
            case EMBEDDED_JWK -> sign("{\"alg\":\"RS256\",\"jwk\":" + jwk((RSAPublicKey) otherKey.getPublic()) + "}",
                    claims, "SHA256withRSA", otherKey.getPrivate());
            case JKU_HEADER -> sign("{\"alg\":\"RS256\",\"jku\":\"https://jwks.invalid/keys.json\"}", claims,
                    "SHA256withRSA", otherKey.getPrivate());
            case JWE_FORM -> b64("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256GCM\"}") + "." + b64(new byte[256]) + "."
                    + b64(new byte[12]) + "." + b64(new byte[64]) + "." + b64(new byte[16]);
            case TAMPERED_PAYLOAD -> {
                String valid = valid();
                String signature = valid.substring(valid.lastIndexOf('.') + 1);
                yield b64(RS256) + "." + b64(claims(ContentTokens.SUBJECT, ContentTokens.ISSUER,
                        Long.toString(exp + DAY))) + "." + signature;
            }
            case TAMPERED_HEADER -> {
                String valid = valid();
                yield b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + valid.substring(valid.indexOf('.'));
            }
            case SIGNATURE_EMPTY -> signingInput(valid()) + ".";
            case SIGNATURE_TRUNCATED -> truncated(valid());
            case SIGNATURE_PADDED -> valid() + "==";
            case SIGNATURE_STANDARD_ALPHABET -> standardAlphabet(valid());
            case TWO_SEGMENTS -> signingInput(valid());
            case FOUR_SEGMENTS -> valid() + "." + b64("{}");
            case EXPIRED -> rs256(claims(ContentTokens.SUBJECT, ContentTokens.ISSUER,
                    Long.toString(now - EXPIRED_SECONDS_AGO)));
            case EXP_MISSING -> rs256("{\"sub\":\"" + ContentTokens.SUBJECT + "\",\"iss\":\"" + ContentTokens.ISSUER + "\"}");
            case EXP_STRING -> rs256(claims(ContentTokens.SUBJECT, ContentTokens.ISSUER, "\"" + exp + "\""));
            case EXP_FRACTION -> rs256(claims(ContentTokens.SUBJECT, ContentTokens.ISSUER, exp + ".5"));
            case NBF_FUTURE -> rs256("{\"sub\":\"" + ContentTokens.SUBJECT + "\",\"iss\":\"" + ContentTokens.ISSUER
                    + "\",\"exp\":" + (exp + 60 * 60) + ",\"nbf\":" + (now + 60 * 60) + "}");
            case ISS_WRONG -> rs256(claims(ContentTokens.SUBJECT, "https://issuer.invalid", Long.toString(exp)));
            case ISS_MISSING -> rs256("{\"sub\":\"" + ContentTokens.SUBJECT + "\",\"exp\":" + exp + "}");
            case ISS_CASE -> rs256(claims(ContentTokens.SUBJECT, ContentTokens.ISSUER.toLowerCase(Locale.ROOT),
                    Long.toString(exp)));
            case SUB_WRONG -> rs256(claims("SomethingElse", ContentTokens.ISSUER, Long.toString(exp)));
            case SUB_MISSING -> rs256("{\"iss\":\"" + ContentTokens.ISSUER + "\",\"exp\":" + exp + "}");
            case SUB_CASE -> rs256(claims(ContentTokens.SUBJECT.toLowerCase(Locale.ROOT), ContentTokens.ISSUER,
                    Long.toString(exp)));
            case CRIT_UNKNOWN -> sign("{\"alg\":\"RS256\",\"crit\":[\"x-audit\"],\"x-audit\":true}", claims,
                    "SHA256withRSA", key.orElseThrow());
            case RS512 -> sign("{\"alg\":\"RS512\"}", claims, "SHA512withRSA", key.orElseThrow());
            case PS256 -> sign("{\"alg\":\"PS256\"}", claims, "RSASSA-PSS", key.orElseThrow());
            case LIFETIME_TOO_LONG -> rs256(claims(ContentTokens.SUBJECT, ContentTokens.ISSUER, Long.toString(now + DAY)));
        });
    }

    /** A valid content token, as Jamf Pro makes it ({@code {"alg":"RS256"}}, sub, iss, exp), or the one given. */
    private String valid() {
        if (key.isEmpty()) {
            return givenValid.orElseThrow();
        }
        return rs256(claims(ContentTokens.SUBJECT, ContentTokens.ISSUER,
                Long.toString(clock.instant().getEpochSecond() + VALID_SECONDS)));
    }

    private String rs256(String claims) {
        return sign(RS256, claims, "SHA256withRSA", key.orElseThrow());
    }

    private static String claims(String sub, String iss, String expJson) {
        return "{\"sub\":\"" + sub + "\",\"iss\":\"" + iss + "\",\"exp\":" + expJson + "}";
    }

    private static String signingInput(String token) {
        return token.substring(0, token.lastIndexOf('.'));
    }

    /** The signature re-encoded in the standard base64 alphabet, so it differs from base64url. */
    private static String standardAlphabet(String token) {
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
    private static String truncated(String token) {
        int dot = token.lastIndexOf('.');
        byte[] signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        return token.substring(0, dot + 1) + b64(java.util.Arrays.copyOf(signature, signature.length - 8));
    }

    private static String b64(String json) {
        return b64(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
