package dev.securedcontent.jwt.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.List;
import java.util.Map;

/**
 * Reads Wycheproof's JWS vectors, kept in this module's test resources ({@code wycheproof/}, with
 * their licence and source). Public for other modules' tests (nginx parity) through jwt-core's test-jar.
 */
public final class WycheproofFiles {
    /** The classpath resource holding the vectors. */
    public static final String RESOURCE = "/wycheproof/json_web_signature_test.json";

    private WycheproofFiles() {}

    /** The test groups of json_web_signature_test.json. */
    public static List<Map<String, Object>> jwsTestGroups() {
        try (InputStream in = WycheproofFiles.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test classpath; it belongs in jwt-core/src/test/resources");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> root = (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), 32);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> groups = (List<Map<String, Object>>) root.get("testGroups");
            return groups;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** An RSA JWK's public key, by plain KeyFactory (independent of RsaKeys). */
    public static RSAPublicKey rsaPublicKey(Map<String, Object> jwk) {
        try {
            BigInteger n = new BigInteger(1, Base64Url.decode((String) jwk.get("n"), 0, ((String) jwk.get("n")).length()));
            BigInteger e = new BigInteger(1, Base64Url.decode((String) jwk.get("e"), 0, ((String) jwk.get("e")).length()));
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** A test's jws as one string: compact as is, JSON serialization as its JSON text. */
    public static String jwsText(Object jws) {
        return jws instanceof String ? (String) jws : Json.write(jws);
    }

    /**
     * One vector with what a verifier needs: its group's RSA key and kid ({@code null} for groups
     * without an RSA key), its group's {@code alg}, and Wycheproof's {@code result}.
     */
    public record Vector(String name, String jws, RSAPublicKey key, String kid, String groupAlgorithm, String result) {
        /** True for the groups an RS256-only verifier can give a signature verdict on. */
        public boolean rs256() {
            return "RS256".equals(groupAlgorithm) && key != null;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Every vector of the file, in file order. */
    public static List<Vector> vectors() {
        List<Vector> vectors = new java.util.ArrayList<>();
        for (Map<String, Object> group : jwsTestGroups()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> jwk = (Map<String, Object>) group.get("public");
            boolean rsa = jwk != null && "RSA".equals(jwk.get("kty"));
            RSAPublicKey key = rsa ? rsaPublicKey(jwk) : null;
            String kid = rsa && jwk.get("kid") instanceof String ? (String) jwk.get("kid") : null;
            String alg = jwk != null && jwk.get("alg") instanceof String ? (String) jwk.get("alg") : null;
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> tests = (List<Map<String, Object>>) group.get("tests");
            for (Map<String, Object> test : tests) {
                String name = "tc" + test.get("tcId") + " " + group.get("comment") + " " + test.get("comment");
                vectors.add(new Vector(name, jwsText(test.get("jws")), key, kid, alg, (String) test.get("result")));
            }
        }
        return List.copyOf(vectors);
    }
}
