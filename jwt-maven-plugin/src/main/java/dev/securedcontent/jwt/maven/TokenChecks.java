package dev.securedcontent.jwt.maven;

import dev.securedcontent.jwt.core.ContentTokenVerifier;
import dev.securedcontent.jwt.core.RejectionReason;
import dev.securedcontent.jwt.core.TokenRejectedException;
import dev.securedcontent.jwt.core.VerifiedContentToken;
import dev.securedcontent.jwt.core.internal.DownloadUrls;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks one token or one signed download URL the way a protecting web server would, plus what a
 * build gate adds: enough validity left, and HTTPS. Each check becomes a {@link CheckResult}.
 */
final class TokenChecks {

    private final ContentTokenVerifier verifier;
    private final Clock clock;
    private final Duration minRemaining;
    private final boolean allowHttp;

    TokenChecks(ContentTokenVerifier verifier, Clock clock, Duration minRemaining, boolean allowHttp) {
        this.verifier = verifier;
        this.clock = clock;
        this.minRemaining = minRemaining;
        this.allowHttp = allowHttp;
    }

    /** Checks the URL's scheme, its token and the token's remaining validity. */
    Optional<VerifiedContentToken> checkUrl(String source, String location, URI url, List<CheckResult> out) {
        checkHttps(source, location, url, out);
        try {
            VerifiedContentToken token = verifier.verifyUrl(url);
            return Optional.of(accepted(source, location, token, out));
        } catch (TokenRejectedException e) {
            out.add(rejected(source, location, e));
            return Optional.empty();
        }
    }

    /** Checks a bare token and its remaining validity. */
    Optional<VerifiedContentToken> checkToken(String source, String location, String token, List<CheckResult> out) {
        try {
            return Optional.of(accepted(source, location, verifier.verify(token), out));
        } catch (TokenRejectedException e) {
            out.add(rejected(source, location, e));
            return Optional.empty();
        }
    }

    /**
     * Whether the URL may be requested at all: https, or plain http to loopback with jwt.allowHttp
     * (tests). The probe requests nothing else, so no token travels in clear text or to a stranger.
     */
    boolean isHttpsOrAllowed(URI url) {
        return DownloadUrls.mayCarryToken(url, allowHttp);
    }

    /** Devices require HTTPS; plain http is allowed only to loopback with jwt.allowHttp (tests). */
    void checkHttps(String source, String location, URI url, List<CheckResult> out) {
        if (DownloadUrls.isHttps(url)) {
            out.add(CheckResult.passed(source, location, "https", "uses https"));
        } else if (isHttpsOrAllowed(url)) {
            out.add(CheckResult.passed(source, location, "https", "plain http to loopback, allowed by jwt.allowHttp"));
        } else {
            String scheme = url.getScheme() == null ? "no scheme" : url.getScheme().toLowerCase(Locale.ROOT);
            out.add(CheckResult.failed(source, location, "https", "uses " + scheme
                            + "; devices download in-house content only over https.",
                    "serve the content over https (jwt.allowHttp=true allows http to localhost/127.0.0.1 in tests)."));
        }
    }

    private VerifiedContentToken accepted(String source, String location, VerifiedContentToken token, List<CheckResult> out) {
        Instant now = clock.instant();
        Duration left = Duration.between(now, token.expiresAt());
        out.add(CheckResult.passed(source, location, "token",
                "valid RS256 content token, expires " + token.expiresAt() + " (" + describe(left) + ")"));
        if (!minRemaining.isZero()) {
            if (left.compareTo(minRemaining) < 0) {
                out.add(CheckResult.failed(source, location, "remaining validity",
                        "token expires " + token.expiresAt() + ", " + describe(left) + "; jwt.minRemaining is "
                                + DurationSetting.format(minRemaining) + ".",
                        "sign again closer to use (jwt:sign, jwt.expiry up to 120 min) or lower jwt.minRemaining."));
            } else {
                out.add(CheckResult.passed(source, location, "remaining validity",
                        describe(left) + ", at least " + DurationSetting.format(minRemaining)));
            }
        }
        return token;
    }

    private static String describe(Duration left) {
        return left.isNegative() ? "already past, within the clock-skew allowance" : left.toSeconds() / 60 + " min "
                + left.toSecondsPart() + " s left";
    }

    static CheckResult rejected(String source, String location, TokenRejectedException e) {
        return CheckResult.failed(source, location, "token", e.getMessage(), fixFor(e.reason()));
    }

    static String fixFor(RejectionReason reason) {
        return switch (reason) {
            case MISSING -> "sign the URL (jwt:sign); in Jamf Pro, check the JSON Web Token Configuration is enabled.";
            case AMBIGUOUS -> "keep exactly one token query parameter on the URL.";
            case TOO_LONG, MALFORMED ->
                    "use the token exactly as Jamf Pro or jwt:sign produced it; it looks truncated or altered.";
            case UNSUPPORTED_ALGORITHM, UNSUPPORTED_CRITICAL_HEADER ->
                    "sign with RS256 and a plain {\"alg\":\"RS256\"} header, as Jamf Pro does (jwt:sign).";
            case BAD_SIGNATURE ->
                    "the token was altered or signed by another key: make the private key in Jamf Pro's JSON Web "
                            + "Token Configuration and jwt.publicKeyFiles (or the private key) a pair, then sign again.";
            case UNKNOWN_KEY -> "add the public key with this kid to jwt.publicKeyFiles, or sign with a known key.";
            case WRONG_ISSUER, WRONG_SUBJECT, NO_EXPIRY ->
                    "Jamf Pro content tokens carry iss JSS, sub AppManifest and exp: sign with jwt:sign.";
            case EXPIRED -> "sign again shortly before use (jwt:sign); tokens live 1 to 120 minutes (jwt.expiry).";
            case NOT_YET_VALID -> "check the clock of the machine that signed the token.";
            case LIFETIME_TOO_LONG -> "sign with an expiry of 120 minutes or less (jwt.expiry), as Jamf Pro allows.";
        };
    }
}
