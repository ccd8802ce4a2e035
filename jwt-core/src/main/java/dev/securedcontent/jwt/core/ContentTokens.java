package dev.securedcontent.jwt.core;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        if (token == null) {
            return "<null>";
        }
        int firstDot = token.indexOf('.');
        int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
        boolean jwsShaped = secondDot > 0 && token.indexOf('.', secondDot + 1) < 0
                && secondDot <= MAX_SHOWN_CHARS;
        for (int i = 0; jwsShaped && i < secondDot; i++) {
            char c = token.charAt(i);
            // Only base64url and the dot are shown: nothing that could forge a log line.
            jwsShaped = c == '.' || Base64Url.isAlphabet(c);
        }
        if (!jwsShaped) {
            return "<redacted " + token.length() + " chars>";
        }
        return token.substring(0, secondDot) + ".<redacted>";
    }

    /**
     * {@code text} with every signed compact JWS in it (a JSON header, {@code eyJ} being the base64url
     * of <code>{"</code>, a payload and a signature) replaced by {@link #redact(String)}: for free text
     * such as a report line or an error message that may quote a token anywhere. Null becomes "".
     */
    public static String redactAll(String text) {
        if (text == null) {
            return "";
        }
        // Every match starts with "eyJ": a line without it (most access-log lines) needs no matcher.
        if (text.indexOf("eyJ") < 0) {
            return text;
        }
        Matcher m = SIGNED_TOKEN.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        do {
            m.appendReplacement(out, Matcher.quoteReplacement(redact(m.group())));
        } while (m.find());
        m.appendTail(out);
        return out.toString();
    }

    /** True when {@code text} holds a signed compact JWS, as {@link #redactAll(String)} finds them. */
    public static boolean containsSignedToken(CharSequence text) {
        return SIGNED_TOKEN.matcher(text).find();
    }

    private static final Pattern SIGNED_TOKEN = Pattern.compile("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+");

    /** Header and payload longer than this are not shown: a log line is no place for them. */
    private static final int MAX_SHOWN_CHARS = 2048;
}
