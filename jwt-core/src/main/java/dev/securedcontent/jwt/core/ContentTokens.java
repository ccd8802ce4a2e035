package dev.securedcontent.jwt.core;

/**
 * The fixed parts of Jamf Pro's content-token format, and a redaction that makes a token safe
 * to show in logs and reports.
 */
public final class ContentTokens {
    /** The query parameter that carries the token on a download URL. */
    public static final String QUERY_PARAMETER = "token";
    /** The only algorithm Jamf Pro uses and the only one accepted. */
    public static final String ALGORITHM = "RS256";
    /** The {@code iss} claim of every Jamf Pro content token. */
    public static final String ISSUER = "JSS";
    /** The {@code sub} claim of every Jamf Pro content token. */
    public static final String SUBJECT = "AppManifest";

    private ContentTokens() {}

    /**
     * Returns the token with its signature replaced, so it can be logged: {@code header.payload.<redacted>}
     * for something shaped like a JWS, or {@code <redacted N chars>} for anything else. Never
     * returns the input's third segment.
     */
    public static String redact(String token) {
        throw new UnsupportedOperationException("TODO: tokens helper");
    }
}
