package dev.securedcontent.jwt.core;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds and reads Wycheproof's JWS vectors from {@code shared/testdata/wycheproof} in the project
 * root's parent (found by walking up from the working directory, so it works from any module).
 * Absent: the test is skipped, unless the environment variable {@code CI} is set, where it fails.
 */
final class WycheproofFiles {
    static final String RELATIVE = "shared/testdata/wycheproof/json_web_signature_test.json";

    private WycheproofFiles() {}

    /** The test groups of json_web_signature_test.json; skips or fails (under CI) when absent. */
    static List<Map<String, Object>> jwsTestGroups() {
        Optional<Path> file = find();
        if (file.isEmpty()) {
            if (System.getenv("CI") != null) {
                fail(RELATIVE + " not found above " + Path.of("").toAbsolutePath()
                        + "; CI is set, so the Wycheproof vectors must be present");
            }
            Assumptions.abort(RELATIVE + " not found above " + Path.of("").toAbsolutePath() + "; skipped outside CI");
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> root = (Map<String, Object>) Json.parse(Files.readString(file.get(), StandardCharsets.UTF_8), 32);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> groups = (List<Map<String, Object>>) root.get("testGroups");
            return groups;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file.get(), e);
        }
    }

    static Optional<Path> find() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(RELATIVE);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** An RSA JWK's public key, by plain KeyFactory (independent of PemKeys). */
    static RSAPublicKey rsaPublicKey(Map<String, Object> jwk) {
        try {
            BigInteger n = new BigInteger(1, Base64Url.decode((String) jwk.get("n"), 0, ((String) jwk.get("n")).length()));
            BigInteger e = new BigInteger(1, Base64Url.decode((String) jwk.get("e"), 0, ((String) jwk.get("e")).length()));
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** A test's jws as one string: compact as is, JSON serialization as its JSON text. */
    static String jwsText(Object jws) {
        return jws instanceof String ? (String) jws : Json.write(jws);
    }
}
