package dev.securedcontent.jwt.core;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The {@code token} query parameter of a download URL: the one rule for which parameter is the
 * token, and the ways to read, replace, drop and redact it without decoding or re-encoding any
 * other byte of the URL.
 *
 * <p>A parameter is the token when its name, percent-decoded, equals {@code token} ignoring letter
 * case ({@code token=}, {@code Token=}, {@code %74oken=}): a server that matches names
 * case-insensitively (nginx's {@code $arg_token} does) or after decoding must never see a token
 * that this code does not. Parameters are separated by {@code &}; the value is percent-decoded
 * (UTF-8, {@code +} is not a space). {@link ContentTokenVerifier#verifyUrl(URI)} refuses a URL with
 * no token, with more than one, or with an invalid escape.
 */
public final class TokenParameter {
    private TokenParameter() {}

    /** True when {@code rawParameter} ({@code name=value} or {@code name}, still percent-encoded) is the token. */
    static boolean isTokenParameter(String rawParameter) {
        int eq = rawParameter.indexOf('=');
        int nameLength = eq < 0 ? rawParameter.length() : eq;
        if (nameLength < ContentTokens.QUERY_PARAMETER.length()) {
            return false;
        }
        if (nameLength == ContentTokens.QUERY_PARAMETER.length()) {
            // A five-character name decodes to "token" only when it is that name already (an escape
            // makes a name shorter): compared in place, no copy, no decoding.
            return rawParameter.regionMatches(true, 0, ContentTokens.QUERY_PARAMETER, 0, nameLength);
        }
        String name = percentDecodeOrNull(rawParameter.substring(0, nameLength));
        return ContentTokens.QUERY_PARAMETER.equalsIgnoreCase(name);
    }

    /** Every token parameter's raw (still percent-encoded) value in {@code url}'s query, in order; empty if none. */
    public static List<String> rawValues(URI url) {
        return rawValues(url.getRawQuery());
    }

    /**
     * The token of a URL that carries exactly one non-empty token parameter, percent-decoded; empty
     * when it carries none, several, an empty one or one with an invalid escape.
     */
    public static Optional<String> single(URI url) {
        List<String> values = rawValues(url);
        if (values.size() != 1 || values.get(0).isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(percentDecodeOrNull(values.get(0)));
    }

    /**
     * {@code url} with every token parameter removed and {@code token=<token>} put where the first
     * one was, or appended when there was none; the token is percent-encoded where needed (a JWS
     * needs none). Every other parameter, their order and the fragment stay byte for byte.
     *
     * @throws IllegalArgumentException when {@code url} is opaque ({@code mailto:...}) or the result does not parse
     */
    public static URI withToken(URI url, String token) {
        return withQuery(url, withToken(url.getRawQuery(), token));
    }

    /** {@code url} without any token parameter: what a stranger would request. */
    public static URI withoutToken(URI url) {
        return url.getRawQuery() == null ? url : withQuery(url, withoutToken(url.getRawQuery()));
    }

    /**
     * A raw query without any token parameter, every other parameter byte for byte; null when
     * {@code rawQuery} is null or nothing else remains.
     */
    public static String withoutToken(String rawQuery) {
        if (rawQuery == null) {
            return null;
        }
        if (rawQuery.indexOf('&') < 0) {
            // One parameter (a download URL's usual ?token=...): no split, no copy of the token.
            return isTokenParameter(rawQuery) ? null : rawQuery;
        }
        List<String> kept = new ArrayList<>();
        for (String part : rawQuery.split("&", -1)) {
            if (!isTokenParameter(part)) {
                kept.add(part);
            }
        }
        return kept.isEmpty() ? null : String.join("&", kept);
    }

    /**
     * {@code url} as text safe for logs and reports: the value of every token parameter replaced by
     * {@link ContentTokens#redact(String)} (header and payload shown, never the signature). Takes
     * any text, also one that does not parse as a URI; {@code ;} also separates parameters here, so
     * no server's reading of a token escapes redaction.
     */
    public static String redact(String url) {
        return replaceValues(url, ContentTokens::redact);
    }

    /** {@link #redact(String)} of {@code url}'s text. */
    public static String redact(URI url) {
        return redact(url.toString());
    }

    /**
     * {@code url} with every token value redacted as in {@link #redact(String)}, the redaction
     * percent-encoded so that the result is still a URI (for request journals that parse it).
     */
    public static URI redacted(URI url) {
        String text = replaceValues(url.toString(), raw -> {
            String decoded = percentDecodeOrNull(raw);
            return percentEncode(ContentTokens.redact(decoded == null ? raw : decoded));
        });
        return URI.create(text);
    }

    // ---- package-private: the verifier and the signer ----

    static List<String> rawValues(String rawQuery) {
        List<String> values = new ArrayList<>(1);
        if (rawQuery == null || rawQuery.isEmpty()) {
            return values;
        }
        int start = 0;
        while (start <= rawQuery.length()) {
            int end = rawQuery.indexOf('&', start);
            if (end < 0) {
                end = rawQuery.length();
            }
            String part = rawQuery.substring(start, end);
            if (isTokenParameter(part)) {
                int eq = part.indexOf('=');
                values.add(eq < 0 ? "" : part.substring(eq + 1));
            }
            start = end + 1;
        }
        return values;
    }

    static String withToken(String rawQuery, String token) {
        String parameter = ContentTokens.QUERY_PARAMETER + "=" + percentEncode(token);
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameter;
        }
        StringBuilder sb = new StringBuilder(rawQuery.length() + parameter.length() + 1);
        boolean placed = false;
        boolean first = true;
        for (String part : rawQuery.split("&", -1)) {
            String piece;
            if (isTokenParameter(part)) {
                if (placed) {
                    continue;
                }
                piece = parameter;
                placed = true;
            } else {
                piece = part;
            }
            if (!first) {
                sb.append('&');
            }
            sb.append(piece);
            first = false;
        }
        if (!placed) {
            sb.append('&').append(parameter);
        }
        return sb.toString();
    }

    /** Percent-decodes (UTF-8, '+' left as is); null if an escape is invalid or the bytes are not UTF-8. */
    static String percentDecodeOrNull(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0 || raw.charAt(i + 1) > 'f' || raw.charAt(i + 2) > 'f') {
                    return null;
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
            }
        }
        try {
            return Json.decodeUtf8(bytes.toByteArray());
        } catch (MalformedJsonException e) {
            return null;
        }
    }

    // ---- private ----

    /** RFC 3986 unreserved characters stay; everything else is %XX of its UTF-8 bytes. */
    private static String percentEncode(String value) {
        StringBuilder sb = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isUnreserved(c)) {
                if (sb != null) {
                    sb.append(c);
                }
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(value.length() + 16).append(value, 0, i);
            }
            int end = Character.isHighSurrogate(c) && i + 1 < value.length() ? i + 2 : i + 1;
            for (byte b : value.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4 & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
            i = end - 1;
        }
        return sb == null ? value : sb.toString();
    }

    private static boolean isUnreserved(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    /** {@code url} with the raw value of every token parameter replaced by {@code replacement} of it (empty values kept). */
    private static String replaceValues(String url, UnaryOperator<String> replacement) {
        StringBuilder sb = new StringBuilder(url.length());
        int i = 0;
        while (i < url.length()) {
            char c = url.charAt(i);
            sb.append(c);
            i++;
            if (c == '?' || c == '&' || c == ';') {
                int end = i;
                while (end < url.length() && "&#;".indexOf(url.charAt(end)) < 0) {
                    end++;
                }
                String parameter = url.substring(i, end);
                int eq = parameter.indexOf('=');
                if (eq >= 0 && eq + 1 < parameter.length() && isTokenParameter(parameter)) {
                    sb.append(parameter, 0, eq + 1).append(replacement.apply(parameter.substring(eq + 1)));
                } else {
                    sb.append(parameter);
                }
                i = end;
            }
        }
        return sb.toString();
    }

    private static URI withQuery(URI url, String rawQuery) {
        if (url.isOpaque()) {
            throw new IllegalArgumentException(redact(url) + " is not a hierarchical URL; use a download URL such as https://example.com/app.ipa");
        }
        String text = url.toString();
        int hash = text.indexOf('#');
        String fragment = hash >= 0 ? text.substring(hash) : "";
        String beforeFragment = hash >= 0 ? text.substring(0, hash) : text;
        int question = beforeFragment.indexOf('?');
        String base = question >= 0 ? beforeFragment.substring(0, question) : beforeFragment;
        String rebuilt = base + (rawQuery == null ? "" : "?" + rawQuery) + fragment;
        try {
            return new URI(rebuilt);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(redact(rebuilt) + " does not parse as a URL at index " + e.getIndex()
                    + "; check the URL's characters", null);
        }
    }
}
