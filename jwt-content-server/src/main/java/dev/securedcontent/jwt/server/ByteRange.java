package dev.securedcontent.jwt.server;

import java.util.Locale;

/**
 * A single-range {@code Range} header resolved against a file length, as RFC 9110 section 14 reads
 * it. Anything this server does not honour (multiple ranges, other units, syntax it cannot parse)
 * is ignored, which the RFC allows: the whole file is served with 200.
 */
record ByteRange(Kind kind, long first, long last, long length) {

    enum Kind { WHOLE, PARTIAL, UNSATISFIABLE }

    static ByteRange of(String header, long length) {
        ByteRange whole = new ByteRange(Kind.WHOLE, 0, length - 1, length);
        if (header == null) {
            return whole;
        }
        String value = header.trim();
        if (!value.toLowerCase(Locale.ROOT).startsWith("bytes=")) {
            return whole;
        }
        String spec = value.substring("bytes=".length()).trim();
        if (spec.contains(",")) {
            return whole;
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return whole;
        }
        String from = spec.substring(0, dash).trim();
        String to = spec.substring(dash + 1).trim();
        try {
            if (from.isEmpty()) {
                long suffix = digits(to);
                if (suffix == 0 || length == 0) {
                    return unsatisfiable(length);
                }
                return new ByteRange(Kind.PARTIAL, Math.max(0, length - suffix), length - 1, length);
            }
            long first = digits(from);
            long last = to.isEmpty() ? Long.MAX_VALUE : digits(to);
            if (last < first) {
                return whole;
            }
            if (first >= length) {
                return unsatisfiable(length);
            }
            return new ByteRange(Kind.PARTIAL, first, Math.min(last, length - 1), length);
        } catch (NumberFormatException e) {
            return whole;
        }
    }

    private static long digits(String text) {
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new NumberFormatException(text);
        }
        return text.length() > 18 ? Long.MAX_VALUE : Long.parseLong(text);
    }

    private static ByteRange unsatisfiable(long length) {
        return new ByteRange(Kind.UNSATISFIABLE, -1, -1, length);
    }

    long count() {
        return kind == Kind.UNSATISFIABLE ? 0 : last - first + 1;
    }

    /** The {@code Content-Range} value of a 206 or 416 answer. */
    String contentRange() {
        return kind == Kind.UNSATISFIABLE
                ? "bytes */" + length
                : "bytes " + first + "-" + last + "/" + length;
    }
}
