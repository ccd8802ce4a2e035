package dev.securedcontent.jwt.core;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/** RSA public keys as JSON Web Keys (RFC 7517/7518) and their RFC 7638 thumbprints. */
final class JsonWebKeys {
    private JsonWebKeys() {}

    static List<RSAPublicKey> read(String json, String source) {
        throw new KeyFileException(source + ": JWK/JWKS reading is not implemented yet");
    }

    static String toJwks(List<RSAPublicKey> keys) {
        StringBuilder json = new StringBuilder("{\"keys\":[");
        for (int i = 0; i < keys.size(); i++) {
            RSAPublicKey key = keys.get(i);
            json.append(i == 0 ? "\n" : ",\n")
                    .append("  {\"kty\":\"RSA\",\"kid\":\"").append(thumbprint(key))
                    .append("\",\"use\":\"sig\",\"alg\":\"").append(ContentTokens.ALGORITHM)
                    .append("\",\"n\":\"").append(base64Url(key.getModulus()))
                    .append("\",\"e\":\"").append(base64Url(key.getPublicExponent()))
                    .append("\"}");
        }
        return json.append(keys.isEmpty() ? "]}\n" : "\n]}\n").toString();
    }

    /** RFC 7638 section 3: SHA-256 over the required members in lexicographic order, no whitespace. */
    static String thumbprint(RSAPublicKey key) {
        String canonical = "{\"e\":\"" + base64Url(key.getPublicExponent()) + "\",\"kty\":\"RSA\",\"n\":\""
                + base64Url(key.getModulus()) + "\"}";
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** RFC 7518 section 6.3.1: unsigned big-endian, no leading zero bytes. */
    static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        int leadingZeros = 0;
        while (leadingZeros < bytes.length - 1 && bytes[leadingZeros] == 0) {
            leadingZeros++;
        }
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Arrays.copyOfRange(bytes, leadingZeros, bytes.length));
    }
}
