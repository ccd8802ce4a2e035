package dev.securedcontent.jwt.core;

import java.util.Base64;

/**
 * Strict base64url (RFC 4648 section 5, as RFC 7515 requires): URL-safe alphabet only, no
 * padding, no whitespace, no impossible lengths and no non-zero unused trailing bits, so that
 * every byte string has exactly one accepted encoding.
 */
final class Base64Url {
    private static final byte[] VALUES = new byte[128];
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    static {
        java.util.Arrays.fill(VALUES, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < alphabet.length(); i++) {
            VALUES[alphabet.charAt(i)] = (byte) i;
        }
    }

    private Base64Url() {}

    static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /** True if {@code c} is in the base64url alphabet. */
    static boolean isAlphabet(char c) {
        return c < 128 && VALUES[c] >= 0;
    }

    /**
     * Decodes {@code text[start, end)}.
     *
     * @throws IllegalArgumentException naming the problem and its index in {@code text} (never the text)
     */
    static byte[] decode(String text, int start, int end) {
        int length = end - start;
        int remainder = length & 3;
        if (remainder == 1) {
            throw new IllegalArgumentException("impossible length " + length + " (a multiple of 4 plus 1)");
        }
        byte[] out = new byte[(length / 4) * 3 + (remainder == 0 ? 0 : remainder - 1)];
        int o = 0;
        int i = start;
        int fullEnd = start + (length - remainder);
        while (i < fullEnd) {
            int bits = value(text, i) << 18 | value(text, i + 1) << 12 | value(text, i + 2) << 6 | value(text, i + 3);
            out[o++] = (byte) (bits >> 16);
            out[o++] = (byte) (bits >> 8);
            out[o++] = (byte) bits;
            i += 4;
        }
        if (remainder == 2) {
            int last = value(text, i + 1);
            if ((last & 0x0F) != 0) {
                throw new IllegalArgumentException("non-canonical encoding (unused trailing bits set) at index " + (i + 1));
            }
            out[o] = (byte) (value(text, i) << 2 | last >> 4);
        } else if (remainder == 3) {
            int last = value(text, i + 2);
            if ((last & 0x03) != 0) {
                throw new IllegalArgumentException("non-canonical encoding (unused trailing bits set) at index " + (i + 2));
            }
            int bits = value(text, i) << 12 | value(text, i + 1) << 6 | last;
            out[o++] = (byte) (bits >> 10);
            out[o] = (byte) (bits >> 2);
        }
        return out;
    }

    private static int value(String text, int index) {
        char c = text.charAt(index);
        int v = c < 128 ? VALUES[c] : -1;
        if (v < 0) {
            String what = c == '=' ? "padding '='"
                    : Character.isWhitespace(c) ? "whitespace"
                    : c == '+' || c == '/' ? "standard-base64 character (not base64url)"
                    : "a character outside the base64url alphabet";
            throw new IllegalArgumentException(what + " at index " + index);
        }
        return v;
    }
}
