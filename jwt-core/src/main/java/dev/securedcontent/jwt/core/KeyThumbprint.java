package dev.securedcontent.jwt.core;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;

/** The RFC 7638 JWK SHA-256 thumbprint of an RSA public key: the {@code kid} a verifier knows it by. */
final class KeyThumbprint {
    private KeyThumbprint() {}

    static String of(RSAPublicKey key) {
        // RFC 7638 section 3.2: required members only, lexicographic order, no whitespace.
        String canonical = "{\"e\":\"" + Base64Url.encode(unsigned(key.getPublicExponent()))
                + "\",\"kty\":\"RSA\",\"n\":\"" + Base64Url.encode(unsigned(key.getModulus())) + "\"}";
        try {
            return Base64Url.encode(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JRE, which every Java 17 JRE must provide", e);
        }
    }

    /** Big-endian magnitude without the sign byte BigInteger adds (RFC 7518 section 6.3.1). */
    static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }
}
