package dev.securedcontent.jwt.core;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The {@code token} parameter of a raw (still percent-encoded) URL query: found, replaced and
 * redacted without decoding and re-encoding anything else, so every other byte stays as it was.
 */
final class QueryString {
    private QueryString() {}

    /**
     * {@code rawQuery} with every {@code token} parameter removed and {@code token=<token>} put
     * where the first one was, or appended when there was none.
     */
    static String withToken(String rawQuery, String token) {
        String parameter = ContentTokens.QUERY_PARAMETER + "=" + token;
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

    /** Every {@code token} parameter's raw value in {@code rawQuery}, in order (empty array if none). */
    static java.util.List<String> tokenValues(String rawQuery) {
        java.util.List<String> values = new java.util.ArrayList<>(1);
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

    /**
     * True when the parameter's percent-decoded name equals {@code token} ignoring case: a server
     * that matches names case-insensitively (nginx's {@code $arg_token} does, on the raw name) or
     * after decoding must not see a different token than we do.
     */
    static boolean isTokenParameter(String rawParameter) {
        int eq = rawParameter.indexOf('=');
        String rawName = eq < 0 ? rawParameter : rawParameter.substring(0, eq);
        if (rawName.length() < 5) {
            return false;
        }
        String name = rawName.indexOf('%') < 0 ? rawName : percentDecodeOrNull(rawName);
        return ContentTokens.QUERY_PARAMETER.equalsIgnoreCase(name);
    }

    /** Percent-decodes (UTF-8, '+' left as is); null if an escape is invalid. */
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

    /** {@code url} with the value of every {@code token=} parameter replaced by {@code <redacted>}. */
    static String redactTokens(String url) {
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
                if (eq >= 0 && isTokenParameter(parameter)) {
                    sb.append(parameter, 0, eq + 1).append("<redacted>");
                } else {
                    sb.append(parameter);
                }
                i = end;
            }
        }
        return sb.toString();
    }
}
