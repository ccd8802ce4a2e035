package dev.securedcontent.jwt.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8259 JSON reader and a minimal writer for the small documents this toolkit handles
 * (JOSE headers, claims, JWK/JWKS).
 *
 * <p>Strict means: exactly one value with nothing but whitespace after it; duplicate object keys
 * refused (RFC 7515 section 4 and RFC 7519 section 4 allow a parser to reject them, and an
 * ambiguous {@code "alg"} or {@code "exp"} is how differential attacks start); nesting depth
 * bounded; no comments, no single quotes, no trailing commas, no leading zeros, no raw control
 * characters, no unpaired surrogates (escaped or raw); invalid UTF-8 refused.
 *
 * <p>Values: objects become unmodifiable insertion-ordered {@code Map<String, Object>}, arrays
 * unmodifiable {@code List<Object>}, strings {@code String}, integers {@code Long} (or
 * {@code BigInteger} beyond the long range), numbers with a fraction or exponent
 * {@code BigDecimal}, {@code true}/{@code false} {@code Boolean}, {@code null} {@code null}.
 * Callers decide which types they accept.
 *
 * <p>Hand-written rather than a dependency: jwt-core's only runtime JSON is a handful of short
 * documents on the verification hot path, where a general-purpose mapper would cost more than it
 * brings, and the strictness above is the point.
 */
final class Json {
    /** Deep enough for any JOSE header, claims set or JWKS; shallow enough to bound the stack. */
    static final int DEFAULT_MAX_DEPTH = 16;

    private final String text;
    private final int maxDepth;
    private int pos;

    private Json(String text, int maxDepth) {
        this.text = text;
        this.maxDepth = maxDepth;
    }

    /** Parses one JSON value from {@code text}. */
    static Object parse(String text) {
        return parse(text, DEFAULT_MAX_DEPTH);
    }

    /** Parses one JSON value, refusing nesting deeper than {@code maxDepth} arrays/objects. */
    static Object parse(String text, int maxDepth) {
        if (text == null) {
            throw new MalformedJsonException(0, "no text (null)");
        }
        Json parser = new Json(text, maxDepth);
        parser.skipWhitespace();
        Object value = parser.readValue(0);
        parser.skipWhitespace();
        if (parser.pos != text.length()) {
            throw new MalformedJsonException(parser.pos, "unexpected data after the JSON value");
        }
        return value;
    }

    /** Parses a JSON object (the only top-level value a JOSE header, claims set or JWK may be). */
    static Map<String, Object> parseObject(String text) {
        Object value = parse(text);
        if (!(value instanceof Map)) {
            throw new MalformedJsonException(0, "expected a JSON object at the top level, found " + typeName(value));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) value;
        return map;
    }

    /** Parses a JSON object from strict UTF-8 bytes (invalid UTF-8 is refused, not replaced). */
    static Map<String, Object> parseObject(byte[] utf8) {
        return parseObject(decodeUtf8(utf8));
    }

    /** Strict UTF-8 decoding; a fast path for pure ASCII, which every Jamf token is. */
    static String decodeUtf8(byte[] utf8) {
        boolean ascii = true;
        for (byte b : utf8) {
            if (b < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(utf8, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedJsonException(0, "not valid UTF-8");
        }
    }

    /** A short name of a parsed value's JSON type, for error messages that must not show the value. */
    static String typeName(Object value) {
        if (value == null) {
            return "null";
        } else if (value instanceof String) {
            return "a string";
        } else if (value instanceof Long || value instanceof BigInteger) {
            return "an integer";
        } else if (value instanceof BigDecimal) {
            return "a non-integer number";
        } else if (value instanceof Boolean) {
            return "a boolean";
        } else if (value instanceof List) {
            return "an array";
        } else if (value instanceof Map) {
            return "an object";
        }
        return value.getClass().getSimpleName();
    }

    private Object readValue(int depth) {
        if (pos >= text.length()) {
            throw new MalformedJsonException(pos, "unexpected end of text, expected a value");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return readObject(depth + 1);
            case '[':
                return readArray(depth + 1);
            case '"':
                return readString();
            case 't':
                expectLiteral("true");
                return Boolean.TRUE;
            case 'f':
                expectLiteral("false");
                return Boolean.FALSE;
            case 'n':
                expectLiteral("null");
                return null;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return readNumber();
                }
                throw new MalformedJsonException(pos, "unexpected character, expected a value");
        }
    }

    private Map<String, Object> readObject(int depth) {
        checkDepth(depth);
        pos++; // '{'
        Map<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return Collections.unmodifiableMap(map);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw new MalformedJsonException(pos, "expected a string key");
            }
            int keyStart = pos;
            String key = readString();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            Object value = readValue(depth);
            if (map.containsKey(key)) {
                throw new MalformedJsonException(keyStart, "duplicate key");
            }
            map.put(key, value);
            skipWhitespace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == '}') {
                pos++;
                return Collections.unmodifiableMap(map);
            } else {
                throw new MalformedJsonException(pos, "expected ',' or '}' in an object");
            }
        }
    }

    private List<Object> readArray(int depth) {
        checkDepth(depth);
        pos++; // '['
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return Collections.unmodifiableList(list);
        }
        while (true) {
            skipWhitespace();
            list.add(readValue(depth));
            skipWhitespace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == ']') {
                pos++;
                return Collections.unmodifiableList(list);
            } else {
                throw new MalformedJsonException(pos, "expected ',' or ']' in an array");
            }
        }
    }

    private void checkDepth(int depth) {
        if (depth > maxDepth) {
            throw new MalformedJsonException(pos, "nested deeper than " + maxDepth + " levels");
        }
    }

    private String readString() {
        int start = ++pos; // after the opening quote
        // Fast path: no escapes, no surrogates.
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"') {
                return text.substring(start, pos++);
            }
            if (c == '\\' || c < 0x20 || Character.isSurrogate(c)) {
                break;
            }
            pos++;
        }
        StringBuilder sb = new StringBuilder(text.length() - start);
        sb.append(text, start, pos);
        while (true) {
            if (pos >= text.length()) {
                throw new MalformedJsonException(pos, "unterminated string");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return sb.toString();
            } else if (c == '\\') {
                readEscape(sb);
            } else if (c < 0x20) {
                throw new MalformedJsonException(pos, "raw control character in a string (must be escaped)");
            } else if (Character.isHighSurrogate(c)) {
                if (pos + 1 < text.length() && Character.isLowSurrogate(text.charAt(pos + 1))) {
                    sb.append(c).append(text.charAt(pos + 1));
                    pos += 2;
                } else {
                    throw new MalformedJsonException(pos, "unpaired surrogate in a string");
                }
            } else if (Character.isLowSurrogate(c)) {
                throw new MalformedJsonException(pos, "unpaired surrogate in a string");
            } else {
                sb.append(c);
                pos++;
            }
        }
    }

    private void readEscape(StringBuilder sb) {
        int escapeAt = pos;
        pos++; // '\\'
        if (pos >= text.length()) {
            throw new MalformedJsonException(escapeAt, "unterminated escape sequence");
        }
        char e = text.charAt(pos++);
        switch (e) {
            case '"': sb.append('"'); break;
            case '\\': sb.append('\\'); break;
            case '/': sb.append('/'); break;
            case 'b': sb.append('\b'); break;
            case 'f': sb.append('\f'); break;
            case 'n': sb.append('\n'); break;
            case 'r': sb.append('\r'); break;
            case 't': sb.append('\t'); break;
            case 'u': {
                char unit = readHex4(escapeAt);
                if (Character.isHighSurrogate(unit)) {
                    if (pos + 1 < text.length() && text.charAt(pos) == '\\' && text.charAt(pos + 1) == 'u') {
                        int lowAt = pos;
                        pos += 2;
                        char low = readHex4(lowAt);
                        if (!Character.isLowSurrogate(low)) {
                            throw new MalformedJsonException(lowAt, "high surrogate escape not followed by a low surrogate escape");
                        }
                        sb.append(unit).append(low);
                    } else {
                        throw new MalformedJsonException(escapeAt, "unpaired high surrogate escape");
                    }
                } else if (Character.isLowSurrogate(unit)) {
                    throw new MalformedJsonException(escapeAt, "unpaired low surrogate escape");
                } else {
                    sb.append(unit);
                }
                break;
            }
            default:
                throw new MalformedJsonException(escapeAt, "invalid escape sequence");
        }
    }

    private char readHex4(int escapeAt) {
        if (pos + 4 > text.length()) {
            throw new MalformedJsonException(escapeAt, "truncated \\u escape");
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(pos + i), 16);
            char c = text.charAt(pos + i);
            if (digit < 0 || c > 'f') { // Character.digit also accepts non-ASCII digits
                throw new MalformedJsonException(escapeAt, "invalid hex digit in \\u escape");
            }
            value = (value << 4) | digit;
        }
        pos += 4;
        return (char) value;
    }

    private Object readNumber() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
            if (isDigit(peek())) {
                throw new MalformedJsonException(start, "number with a leading zero");
            }
        } else if (isDigit(peek())) {
            while (isDigit(peek())) {
                pos++;
            }
        } else {
            throw new MalformedJsonException(start, "'-' not followed by a digit");
        }
        boolean integer = true;
        if (peek() == '.') {
            integer = false;
            pos++;
            if (!isDigit(peek())) {
                throw new MalformedJsonException(pos, "no digit after the decimal point");
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            integer = false;
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw new MalformedJsonException(pos, "no digit in the exponent");
            }
            int expStart = pos;
            while (isDigit(peek())) {
                pos++;
            }
            if (pos - expStart > 6) {
                // new BigDecimal("1e999999999") is cheap, but its use (toBigInteger, compare) is not.
                throw new MalformedJsonException(start, "number exponent too large");
            }
        }
        String literal = text.substring(start, pos);
        if (!integer) {
            return new BigDecimal(literal);
        }
        int digits = literal.length() - (literal.charAt(0) == '-' ? 1 : 0);
        if (digits <= 18) {
            return Long.parseLong(literal);
        }
        BigInteger big = new BigInteger(literal);
        return big.bitLength() < 64 ? (Object) big.longValue() : big;
    }

    private void expectLiteral(String literal) {
        if (!text.startsWith(literal, pos)) {
            throw new MalformedJsonException(pos, "unexpected characters, expected " + literal);
        }
        pos += literal.length();
    }

    private void expect(char c) {
        if (peek() != c) {
            throw new MalformedJsonException(pos, "expected '" + c + "'");
        }
        pos++;
    }

    /** The current character, or U+FFFF (never valid JSON structure) at the end. */
    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\uFFFF';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pos++;
            } else {
                return;
            }
        }
    }

    // ---- writer ----

    /** {@code value} as a JSON string literal, quotes included. */
    static String quote(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 2);
        appendQuoted(sb, value);
        return sb.toString();
    }

    /**
     * Writes a value compactly (no whitespace), keeping map order: String, Long/Integer/Short/Byte,
     * BigInteger, BigDecimal, Boolean, null, Map with String keys, List.
     *
     * @throws IllegalArgumentException for any other type, a non-String key or an unpaired surrogate
     */
    static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        appendValue(sb, value);
        return sb.toString();
    }

    static void appendValue(StringBuilder sb, Object value) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof String) {
            appendQuoted(sb, (String) value);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte || value instanceof BigInteger) {
            sb.append(value);
        } else if (value instanceof BigDecimal) {
            sb.append(((BigDecimal) value).toString());
        } else if (value instanceof Boolean) {
            sb.append(value);
        } else if (value instanceof Map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                if (!(entry.getKey() instanceof String)) {
                    throw new IllegalArgumentException("JSON object keys must be strings, found "
                            + (entry.getKey() == null ? "null" : entry.getKey().getClass().getSimpleName()));
                }
                if (!first) {
                    sb.append(',');
                }
                first = false;
                appendQuoted(sb, (String) entry.getKey());
                sb.append(':');
                appendValue(sb, entry.getValue());
            }
            sb.append('}');
        } else if (value instanceof List) {
            sb.append('[');
            boolean first = true;
            for (Object element : (List<?>) value) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                appendValue(sb, element);
            }
            sb.append(']');
        } else {
            throw new IllegalArgumentException("cannot write a " + value.getClass().getName()
                    + " as JSON; use String, Long, Integer, BigInteger, BigDecimal, Boolean, null, Map or List");
        }
    }

    static void appendQuoted(StringBuilder sb, String value) {
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                case '\b': sb.append("\\b"); break;
                case '\f': sb.append("\\f"); break;
                default:
                    if (isUnpairedSurrogate(value, i)) {
                        // Escaping it would write JSON that strict readers (ours included) refuse.
                        throw new IllegalArgumentException("string has an unpaired surrogate at index " + i
                                + "; JSON text must be valid Unicode");
                    }
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }

    private static boolean isUnpairedSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        }
        return false;
    }
}
