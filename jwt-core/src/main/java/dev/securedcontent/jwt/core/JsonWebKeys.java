package dev.securedcontent.jwt.core;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** RSA public keys as JSON Web Keys (RFC 7517/7518) and their RFC 7638 thumbprints. */
final class JsonWebKeys {
    private JsonWebKeys() {}

    /** Members that only a private JWK has; a published key set must not carry them. */
    private static final List<String> PRIVATE_MEMBERS = List.of("d", "p", "q", "dp", "dq", "qi", "oth");
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern SHOWABLE_KID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    /**
     * The RS256 keys of a JWK or JWKS. A single JWK must be such a key. In a JWKS, entries meant
     * for something else (another kty, use or alg, key_ops without verify) are skipped, since key
     * sets are often shared; an RS256 entry that is broken or too small refuses the whole file,
     * because silently dropping it would surface only as rejected downloads.
     */
    static List<RSAPublicKey> read(String json, String source) {
        Map<String, Object> root;
        try {
            root = Json.parseObject(json);
        } catch (MalformedJsonException e) {
            throw new KeyFileException(source + ": is not valid JSON (" + e.getMessage()
                    + "); expected a JWK or a JWKS ({\"keys\":[...]})", e);
        }
        if (root.containsKey("keys")) {
            if (!(root.get("keys") instanceof List<?> entries)) {
                throw new KeyFileException(source + ": \"keys\" is " + Json.typeName(root.get("keys"))
                        + ", not an array; a JWKS is {\"keys\":[{...},...]}");
            }
            return readSet(entries, source);
        }
        if (root.containsKey("kty")) {
            String refusal = notForRs256(root);
            if (refusal != null) {
                throw new KeyFileException(source + ": is a JWK that " + refusal + "; " + WANTED);
            }
            return List.of(rsaKey(root, source));
        }
        throw new KeyFileException(source + ": is JSON but neither a JWK (no \"kty\") nor a JWKS (no \"keys\"); "
                + WANTED);
    }

    private static final String WANTED = "expected RSA keys for RS256 signatures"
            + " ({\"kty\":\"RSA\",\"n\":...,\"e\":...}, with use \"sig\" and alg \"RS256\" if given)";

    private static List<RSAPublicKey> readSet(List<?> entries, String source) {
        if (entries.isEmpty()) {
            throw new KeyFileException(source + ": is a JWKS with no keys; " + WANTED);
        }
        List<RSAPublicKey> keys = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String name = "keys[" + i + "]";
            if (!(entries.get(i) instanceof Map<?, ?> entry)) {
                throw new KeyFileException(source + ": " + name + " is " + Json.typeName(entries.get(i))
                        + ", not a JWK object; " + WANTED);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> jwk = (Map<String, Object>) entry;
            Object kid = jwk.get("kid");
            if (kid instanceof String text && SHOWABLE_KID.matcher(text).matches()) {
                name += " (kid " + text + ")";
            }
            String refusal = notForRs256(jwk);
            if (refusal != null) {
                skipped.add(name + " " + refusal);
                continue;
            }
            keys.add(rsaKey(jwk, source + ": " + name));
        }
        if (keys.isEmpty()) {
            throw new KeyFileException(source + ": holds no RS256 key (" + String.join(", ", skipped) + "); " + WANTED);
        }
        return keys;
    }

    /** Why a JWK is meant for something other than verifying RS256 signatures, or null if it is not. */
    private static String notForRs256(Map<String, Object> jwk) {
        Object kty = jwk.get("kty");
        if (!"RSA".equals(kty)) {
            return kty instanceof String text && SHOWABLE_KID.matcher(text).matches() ? "is kty " + text
                    : "has no usable kty";
        }
        Object use = jwk.get("use");
        if (use != null && !"sig".equals(use)) {
            return "is for use " + (use instanceof String text && SHOWABLE_KID.matcher(text).matches() ? text : "other than sig");
        }
        Object alg = jwk.get("alg");
        if (alg != null && !ContentTokens.ALGORITHM.equals(alg)) {
            return "is for alg " + (alg instanceof String text && SHOWABLE_KID.matcher(text).matches() ? text : "other than RS256");
        }
        Object operations = jwk.get("key_ops");
        if (operations != null && !(operations instanceof List<?> list && list.contains("verify"))) {
            return "has key_ops without verify";
        }
        return null;
    }

    private static RSAPublicKey rsaKey(Map<String, Object> jwk, String source) {
        for (String member : PRIVATE_MEMBERS) {
            if (jwk.containsKey(member)) {
                throw new KeyFileException(source + ": holds the private key member \"" + member
                        + "\"; a JWK/JWKS for verifiers must be public only: export it again with"
                        + " RsaKeys.writeJwks or remove d, p, q, dp, dq, qi and oth (and treat the key as exposed"
                        + " if this file was published)");
            }
        }
        BigInteger modulus = unsigned(jwk, "n", source);
        BigInteger exponent = unsigned(jwk, "e", source);
        if (!exponent.testBit(0) || exponent.compareTo(BigInteger.valueOf(3)) < 0) {
            throw new KeyFileException(source + ": \"e\" is not a valid RSA public exponent (it must be odd and"
                    + " at least 3; almost every key uses AQAB, 65537)");
        }
        if (!modulus.testBit(0)) {
            throw new KeyFileException(source + ": \"n\" is not a valid RSA modulus (it is even); check that n and e"
                    + " were copied whole");
        }
        return KeyFileReader.rsaPublicKey(modulus, exponent, source);
    }

    private static BigInteger unsigned(Map<String, Object> jwk, String member, String source) {
        Object value = jwk.get(member);
        if (!(value instanceof String text)) {
            throw new KeyFileException(source + ": \"" + member + "\" is " + (value == null ? "missing" : Json.typeName(value))
                    + "; an RSA JWK needs n and e as base64url strings");
        }
        if (!BASE64URL.matcher(text).matches() || text.length() % 4 == 1) {
            throw new KeyFileException(source + ": \"" + member + "\" is not base64url without padding (RFC 7518"
                    + " section 6.3.1); check that it was copied whole, without '=', '+', '/' or spaces");
        }
        return new BigInteger(1, Base64.getUrlDecoder().decode(text));
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
