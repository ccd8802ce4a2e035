package dev.securedcontent.jwt.core;

import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A token whose signature, algorithm, issuer, subject and validity window were all checked.
 *
 * @param expiresAt the {@code exp} claim
 * @param notBefore the {@code nbf} claim, if present
 * @param header    the decoded JOSE header (unmodifiable; values are String, Long, Boolean, List or Map)
 * @param claims    the decoded claims (unmodifiable; same value types)
 * @param key       the accepted public key whose signature matched
 */
public record VerifiedContentToken(
        Instant expiresAt,
        Optional<Instant> notBefore,
        Map<String, Object> header,
        Map<String, Object> claims,
        RSAPublicKey key) {

    /** The {@code iss} claim (always {@link ContentTokens#ISSUER}). */
    public String issuer() {
        return (String) claims.get("iss");
    }

    /** The {@code sub} claim (always {@link ContentTokens#SUBJECT}). */
    public String subject() {
        return (String) claims.get("sub");
    }
}
