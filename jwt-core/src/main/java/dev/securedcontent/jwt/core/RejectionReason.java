package dev.securedcontent.jwt.core;

/**
 * Why a content token was refused. Stable: web-server logs, test assertions and reports use these
 * names.
 *
 * <p>Every enforcement point answers a refusal the same way: {@link #httpStatus()}, with the name
 * in the {@value #HEADER} header (the content server, the servlet filter, and the JavaScript
 * recipes, whose rules file carries a table generated from this enum).
 */
public enum RejectionReason {
    /** No token at all (absent or empty {@code token} parameter). */
    MISSING,
    /** The {@code token} query parameter appears more than once. */
    AMBIGUOUS,
    /** Longer than the verifier's maximum token length; refused before any decoding. */
    TOO_LONG,
    /** Not three strict base64url segments, not JSON, duplicate JSON keys, wrong claim types. */
    MALFORMED,
    /** {@code alg} is anything but {@code RS256} ({@code none} in any case, HS256, PS256, ...). */
    UNSUPPORTED_ALGORITHM,
    /** The header carries a {@code crit} parameter this verifier does not understand. */
    UNSUPPORTED_CRITICAL_HEADER,
    /** The signature does not verify with any accepted key. */
    BAD_SIGNATURE,
    /** {@code kid} names no accepted key. */
    UNKNOWN_KEY,
    /** {@code iss} is absent or not exactly {@code JSS}. */
    WRONG_ISSUER,
    /** {@code sub} is absent or not exactly {@code AppManifest}. */
    WRONG_SUBJECT,
    /** No {@code exp} claim. */
    NO_EXPIRY,
    /** {@code exp} is in the past, beyond the clock-skew allowance. */
    EXPIRED,
    /** {@code nbf} (or {@code iat}) is in the future, beyond the clock-skew allowance. */
    NOT_YET_VALID,
    /** {@code exp} is further ahead than the verifier's maximum lifetime. */
    LIFETIME_TOO_LONG;

    /** The response header that names the reason of a refused request, e.g. {@code X-Content-Token-Reason: EXPIRED}. */
    public static final String HEADER = "X-Content-Token-Reason";

    /**
     * The HTTP status of a request refused for this reason: 401 for {@link #MISSING} (the client
     * sent no credentials: a retry with a signed URL can succeed), 403 for every other reason (it sent
     * a token, and this token never will).
     *
     * @return 401 or 403
     */
    public int httpStatus() {
        return this == MISSING ? 401 : 403;
    }

    /**
     * The plain-text body of a request refused for this reason, as every enforcement point of this
     * project writes it (never an error page that could echo the URL, token included).
     *
     * @return {@code "content token "}, the reason's name and a newline, e.g. {@code "content token EXPIRED\n"}
     */
    public String responseBody() {
        return "content token " + name() + "\n";
    }
}
