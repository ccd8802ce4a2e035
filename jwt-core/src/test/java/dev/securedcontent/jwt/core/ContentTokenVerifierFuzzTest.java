package dev.securedcontent.jwt.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtParser;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Fuzzes {@link ContentTokenVerifier#verify} three ways: on any string, on valid tokens with
 * edits, and on any header and payload that the trusted key really signs (so the claim checks
 * behind the signature are reached). Every outcome is judged twice:
 *
 * <ul>
 *   <li>Robustness: the only exception is {@link TokenRejectedException}, and its message never
 *       holds the token's signature segment.</li>
 *   <li>Differential, against jjwt 0.13 configured as strictly as it goes
 *       ({@link JjwtDifferentialTest#strictJjwt}): an accepted token must also be accepted by
 *       jjwt and keep the domain rules jjwt does not know (exp required, lifetime cap, iat not
 *       ahead, kid naming an accepted key, canonical base64url), so we never accept what is not
 *       really valid; a token jjwt accepts and we refuse must be one of the documented
 *       differences ({@link JjwtDifferentialTest#DOCUMENTED_DIFFERENCES}), recognised here by the
 *       reason we give ({@link #STRICTER_ON_PURPOSE}, taken from that table), except EXPIRED,
 *       which the table documents only at exactly {@code now == exp + skew} (RFC 7519: valid only
 *       before exp) and which is allowed here only at that instant.</li>
 *   <li>The one documented kind where jjwt is stricter, allowed by its exact shape: a header
 *       carrying key parameters ({@link JjwtDifferentialTest#IGNORED_KEY_PARAMETERS}) that jjwt
 *       parses and refuses when malformed, which we ignore by design (the token must then be
 *       valid under Jamf's plain header).</li>
 * </ul>
 *
 * <p>The key is the openssl-made test key and the clock is fixed, so every seed token in
 * {@code src/test/resources/dev/securedcontent/jwt/core/ContentTokenVerifierFuzzTestInputs/}
 * verifies the same way on every run (RS256 signatures are deterministic).
 */
class ContentTokenVerifierFuzzTest {
    private static final RSAPrivateCrtKey PRIVATE_KEY = RsaKeys.readPrivateKey(TestKeyFiles.key("rsa2048-pkcs8.pem"));
    private static final RSAPublicKey PUBLIC_KEY = RsaKeys.publicKeyOf(PRIVATE_KEY);
    // The bad-token corpus's instant (TestKeys.NOW), without TestKeys' freshly generated key pairs.
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
    private static final long NOW = CLOCK.instant().getEpochSecond();
    private static final long SKEW = ContentTokenVerifier.DEFAULT_CLOCK_SKEW.getSeconds();
    private static final long MAX_LIFETIME = ContentTokenVerifier.DEFAULT_MAX_LIFETIME.getSeconds();

    private static final ContentTokenVerifier VERIFIER = ContentTokenVerifier.builder(PUBLIC_KEY).clock(CLOCK).build();
    private static final JwtParser JJWT = JjwtDifferentialTest.strictJjwt(PUBLIC_KEY, CLOCK);

    /**
     * The reasons behind the documented differences where we refuse what jjwt accepts on purpose
     * (MALFORMED, UNKNOWN_KEY, NO_EXPIRY, NOT_YET_VALID, LIFETIME_TOO_LONG, TOO_LONG), from the
     * differential test's table; not EXPIRED, which differs only at its boundary
     * ({@link #isExpiryBoundary}).
     */
    static final Set<RejectionReason> STRICTER_ON_PURPOSE = withoutExpired(JjwtDifferentialTest.reasonsWeAreStricterWith());

    private static Set<RejectionReason> withoutExpired(Set<RejectionReason> reasons) {
        Set<RejectionReason> copy = EnumSet.noneOf(RejectionReason.class);
        copy.addAll(reasons);
        copy.remove(RejectionReason.EXPIRED);
        return Set.copyOf(copy);
    }

    private static final Pattern STRICT_B64URL = Pattern.compile("[A-Za-z0-9_-]*");
    private static final String MUTATION_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ %";

    /** Valid tokens the edits start from: Jamf's form, and the odd-but-valid forms. */
    private static final List<String> VALID_TOKENS = List.of(
            RawJws.rs256(BadTokenCorpus.JAMF_HEADER, BadTokenCorpus.jamfPayload(CLOCK, 300), PRIVATE_KEY),
            RawJws.rs256("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + RsaKeys.thumbprint(PUBLIC_KEY) + "\"}",
                    "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":" + (NOW + 7200) + ",\"nbf\":" + (NOW - 10)
                            + ",\"iat\":" + (NOW - 10) + "}", PRIVATE_KEY),
            RawJws.rs256("{\"alg\":\"RS256\"}", "{\"iss\":\"JSS\",\"exp\":" + (NOW - 59) + ",\"sub\":\"AppManifest\"}",
                    PRIVATE_KEY));

    @FuzzTest(maxDuration = "5m")
    void anyString(byte[] input) {
        judge(new String(input, StandardCharsets.UTF_8));
    }

    @FuzzTest(maxDuration = "5m")
    void editedValidToken(byte[] input) {
        judge(edit(input));
    }

    /** Input: header JSON, a newline, payload JSON (without a newline: Jamf's header and the input as payload). */
    @FuzzTest(maxDuration = "5m")
    void anySignedHeaderAndPayload(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        String header = newline < 0 ? BadTokenCorpus.JAMF_HEADER : text.substring(0, newline);
        String payload = newline < 0 ? text : text.substring(newline + 1);
        judge(RawJws.rs256(header, payload, PRIVATE_KEY));
    }

    private static void judge(String token) {
        VerifiedContentToken verified = null;
        TokenRejectedException rejected = null;
        try {
            verified = VERIFIER.verify(token);
        } catch (TokenRejectedException e) {
            rejected = e;
        }
        Jws<Claims> jjwt = jjwtParse(token);

        if (verified != null) {
            if (jjwt == null) {
                // jjwt validates key parameters in the header (jwk, x5c, ...) that we ignore by design;
                // the token must then be really valid under Jamf's plain header.
                assertThat(verified.header().keySet()).as("we accepted a token jjwt refuses: %s", ContentTokens.redact(token))
                        .containsAnyElementsOf(JjwtDifferentialTest.IGNORED_KEY_PARAMETERS);
                String withJamfHeader = RawJws.rs256(BadTokenCorpus.JAMF_HEADER, payloadText(token), PRIVATE_KEY);
                jjwt = jjwtParse(withJamfHeader);
                assertThat(jjwt).as("jjwt refuses the payload under Jamf's header: %s", ContentTokens.redact(token)).isNotNull();
            }
            assertReallyValid(token, jjwt);
            assertThat(verified.issuer()).isEqualTo(ContentTokens.ISSUER);
            assertThat(verified.subject()).isEqualTo(ContentTokens.SUBJECT);
            assertThat(verified.expiresAt().getEpochSecond()).isEqualTo(jjwt.getPayload().getExpiration().getTime() / 1000);
            return;
        }
        assertSignatureNotShown(token, rejected);
        if (jjwt != null && !isExpiryBoundary(rejected, jjwt)) {
            assertThat(rejected.reason())
                    .as("jjwt accepts, we refuse (%s) outside the documented differences: %s", rejected.getMessage(),
                            ContentTokens.redact(token))
                    .isIn(STRICTER_ON_PURPOSE);
        }
    }

    /**
     * RFC 7519 says a token is valid only before {@code exp}; we refuse at exactly exp + skew,
     * jjwt still accepts in that one second.
     */
    private static boolean isExpiryBoundary(TokenRejectedException rejected, Jws<Claims> jjwt) {
        return rejected.reason() == RejectionReason.EXPIRED
                && jjwt.getPayload().getExpiration().getTime() / 1000 + SKEW == NOW;
    }

    private static String payloadText(String token) {
        String payload = token.split("\\.", -1)[1];
        return new String(java.util.Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8);
    }

    /** The domain rules jjwt does not check, on a token jjwt accepted. */
    private static void assertReallyValid(String token, Jws<Claims> jws) {
        String[] parts = token.split("\\.", -1);
        assertThat(parts).hasSize(3);
        for (String part : parts) {
            assertThat(part).matches(STRICT_B64URL);
        }
        assertThat(jws.getHeader().getAlgorithm()).isEqualTo(ContentTokens.ALGORITHM);
        Object kid = jws.getHeader().getKeyId();
        if (kid != null) {
            assertThat(kid).isEqualTo(RsaKeys.thumbprint(PUBLIC_KEY));
        }
        Claims claims = jws.getPayload();
        Date exp = claims.getExpiration();
        assertThat(exp).as("exp").isNotNull();
        assertThat(exp.getTime() / 1000).isBetween(NOW - SKEW, NOW + MAX_LIFETIME + SKEW);
        assertThat(claims.get("exp")).as("exp is an integer").isInstanceOfAny(Integer.class, Long.class);
        if (claims.getIssuedAt() != null) {
            assertThat(claims.getIssuedAt().getTime() / 1000).isLessThanOrEqualTo(NOW + SKEW);
        }
        assertThat(token.length()).isLessThanOrEqualTo(ContentTokenVerifier.DEFAULT_MAX_TOKEN_LENGTH);
    }

    private static void assertSignatureNotShown(String token, TokenRejectedException rejected) {
        assertThat(rejected.reason()).isNotNull();
        String[] parts = token.split("\\.", -1);
        String signature = parts.length >= 3 ? parts[2] : "";
        if (signature.length() >= 16) {
            assertThat(rejected.getMessage()).doesNotContain(signature.substring(0, 16));
        }
        assertThat(ContentTokens.redact(token)).doesNotContain(signature.isEmpty() ? "\u0000" : signature);
    }

    private static Jws<Claims> jjwtParse(String token) {
        try {
            return JJWT.parseSignedClaims(token);
        } catch (RuntimeException refused) {
            return null;
        }
    }

    /**
     * Applies edits to a valid token: the first byte picks the token, then each three bytes are
     * one edit (kind, position, character): replace, insert, delete, flip case, truncate.
     */
    static String edit(byte[] input) {
        if (input.length == 0) {
            return VALID_TOKENS.get(0);
        }
        StringBuilder token = new StringBuilder(VALID_TOKENS.get(Byte.toUnsignedInt(input[0]) % VALID_TOKENS.size()));
        for (int i = 1; i + 2 < input.length && token.length() > 0; i += 3) {
            int kind = Byte.toUnsignedInt(input[i]) % 5;
            int at = Byte.toUnsignedInt(input[i + 1]) * token.length() / 256;
            char c = MUTATION_ALPHABET.charAt(Byte.toUnsignedInt(input[i + 2]) % MUTATION_ALPHABET.length());
            switch (kind) {
                case 0 -> token.setCharAt(at, c);
                case 1 -> token.insert(at, c);
                case 2 -> token.deleteCharAt(at);
                case 3 -> token.setCharAt(at, Character.isUpperCase(token.charAt(at))
                        ? Character.toLowerCase(token.charAt(at)) : Character.toUpperCase(token.charAt(at)));
                default -> token.setLength(at);
            }
        }
        return token.toString();
    }
}
