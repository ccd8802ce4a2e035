package dev.securedcontent.jwt.maven;

import dev.securedcontent.jwt.core.ContentTokens;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code token} query parameter of a download URL: read it, drop it, or swap it, keeping every
 * other parameter byte for byte; and a redacted form of the URL that is safe to log.
 */
final class TokenQuery {

    private static final String PREFIX = ContentTokens.QUERY_PARAMETER + "=";

    private TokenQuery() {}

    /** Every value of the {@code token} parameter, in order (raw: a JWT needs no percent-decoding). */
    static List<String> tokens(URI url) {
        List<String> values = new ArrayList<>();
        for (String part : parts(url)) {
            if (part.equals(ContentTokens.QUERY_PARAMETER)) {
                values.add("");
            } else if (part.startsWith(PREFIX)) {
                values.add(part.substring(PREFIX.length()));
            }
        }
        return values;
    }

    /** The single token, if the URL carries exactly one non-empty one. */
    static Optional<String> singleToken(URI url) {
        List<String> tokens = tokens(url);
        return tokens.size() == 1 && !tokens.get(0).isEmpty() ? Optional.of(tokens.get(0)) : Optional.empty();
    }

    /** The URL without any {@code token} parameter: what a stranger would request. */
    static URI withoutToken(URI url) {
        return withQueryParts(url, null);
    }

    /** The URL with its token parameters replaced by one carrying {@code token}. */
    static URI withToken(URI url, String token) {
        return withQueryParts(url, token);
    }

    /** The URL with every token redacted ({@link ContentTokens#redact}): safe for logs and reports. */
    static String redacted(URI url) {
        return redacted(url.toString());
    }

    /** {@link #redacted(URI)} for text that may not even parse as a URI. */
    static String redacted(String url) {
        StringBuilder out = new StringBuilder(url.length());
        int i = 0;
        while (i < url.length()) {
            int at = indexOfTokenParameter(url, i);
            if (at < 0) {
                out.append(url, i, url.length());
                break;
            }
            int valueStart = at + PREFIX.length();
            int valueEnd = valueStart;
            while (valueEnd < url.length() && url.charAt(valueEnd) != '&' && url.charAt(valueEnd) != '#') {
                valueEnd++;
            }
            out.append(url, i, valueStart);
            String value = url.substring(valueStart, valueEnd);
            if (!value.isEmpty()) {
                out.append(ContentTokens.redact(value));
            }
            i = valueEnd;
        }
        return out.toString();
    }

    /** Whether the host is this machine (where plain http is allowed for tests with jwt.allowHttp). */
    static boolean isLoopback(URI url) {
        String host = url.getHost();
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}") || h.equals("[::1]") || h.equals("::1");
    }

    private static int indexOfTokenParameter(String url, int from) {
        int at = from;
        while ((at = url.indexOf(PREFIX, at)) >= 0) {
            if (at > 0 && (url.charAt(at - 1) == '?' || url.charAt(at - 1) == '&')) {
                return at;
            }
            at += PREFIX.length();
        }
        return -1;
    }

    private static List<String> parts(URI url) {
        String query = url.getRawQuery();
        return query == null || query.isEmpty() ? List.of() : List.of(query.split("&", -1));
    }

    private static URI withQueryParts(URI url, String token) {
        List<String> kept = new ArrayList<>();
        for (String part : parts(url)) {
            if (!part.equals(ContentTokens.QUERY_PARAMETER) && !part.startsWith(PREFIX)) {
                kept.add(part);
            }
        }
        if (token != null) {
            kept.add(PREFIX + token);
        }
        String s = url.toString();
        int hash = s.indexOf('#');
        String fragment = hash >= 0 ? s.substring(hash) : "";
        String beforeFragment = hash >= 0 ? s.substring(0, hash) : s;
        int question = beforeFragment.indexOf('?');
        String base = question >= 0 ? beforeFragment.substring(0, question) : beforeFragment;
        String rebuilt = base + (kept.isEmpty() ? "" : "?" + String.join("&", kept)) + fragment;
        try {
            return new URI(rebuilt);
        } catch (URISyntaxException e) {
            // Only parts of an already valid URI were reassembled.
            throw new IllegalStateException("rebuilt URL does not parse", e);
        }
    }
}
