package dev.securedcontent.jwt.it;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The jws strings and RSA public keys of Wycheproof's JWS vectors
 * ({@code ../shared/testdata/wycheproof/json_web_signature_test.json} from the project root; the
 * nearest {@code shared/testdata/...} above the working directory, so git worktrees find it too).
 *
 * <p>Read with three patterns rather than a JSON library: the module has none, the file is fixed,
 * and the counts are checked against the file's own {@code tcId} and {@code "public"} entries.
 */
final class WycheproofVectors {
    static final String RELATIVE = "shared/testdata/wycheproof/json_web_signature_test.json";

    private static final Pattern TEST_ID = Pattern.compile("\"tcId\"\\s*:\\s*(\\d+)");
    private static final Pattern JWS = Pattern.compile("\"tcId\"\\s*:\\s*(\\d+)[^{}]*?\"jws\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\[\"\\\\/])*)\"");
    private static final Pattern PUBLIC = Pattern.compile("\"public\"\\s*:\\s*\\{([^{}]*)\\}");

    private final String text;

    private WycheproofVectors(String text) {
        this.text = text;
    }

    /** The vectors, or a skip (a failure when CI is set) when the file is absent. */
    static WycheproofVectors load() {
        Optional<WycheproofVectors> vectors = loadIfPresent();
        if (vectors.isEmpty()) {
            String missing = RELATIVE + " not found above " + Path.of("").toAbsolutePath()
                    + " (Wycheproof JWS vectors, kept beside this project's checkout)";
            if (System.getenv("CI") != null) {
                fail("CI is set but " + missing);
            }
            org.junit.jupiter.api.Assumptions.abort(missing);
        }
        return vectors.orElseThrow();
    }

    /** The vectors if the file is present. */
    static Optional<WycheproofVectors> loadIfPresent() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path file = dir.resolve(RELATIVE);
            if (Files.isRegularFile(file)) {
                try {
                    return Optional.of(new WycheproofVectors(Files.readString(file, StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * tcId to the test's jws text, for every test of the file (the count is checked against the
     * tcIds): a compact JWS, or for the JSON-serialization tests that JSON's text.
     */
    Map<Integer, String> tokens() {
        Map<Integer, String> tokens = new LinkedHashMap<>();
        Matcher m = JWS.matcher(text);
        while (m.find()) {
            tokens.put(Integer.valueOf(m.group(1)), m.group(2).replaceAll("\\\\([\"\\\\/])", "$1"));
        }
        long ids = TEST_ID.matcher(text).results().count();
        if (tokens.size() != ids) {
            throw new IllegalStateException("read " + tokens.size() + " compact jws of " + ids + " tests in " + RELATIVE
                    + "; the file's layout changed, update WycheproofVectors");
        }
        return tokens;
    }

    /** Every distinct RSA public key of the file's groups. */
    List<RSAPublicKey> rsaPublicKeys() {
        List<RSAPublicKey> keys = new ArrayList<>();
        Matcher m = PUBLIC.matcher(text);
        while (m.find()) {
            String jwk = m.group(1);
            if (!jwk.matches("(?s).*\"kty\"\\s*:\\s*\"RSA\".*")) {
                continue;
            }
            RSAPublicKey key = rsaKey(member(jwk, "n"), member(jwk, "e"));
            if (keys.stream().noneMatch(k -> k.getModulus().equals(key.getModulus()))) {
                keys.add(key);
            }
        }
        return keys;
    }

    private static String member(String jwk, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([A-Za-z0-9_-]+)\"").matcher(jwk);
        if (!m.find()) {
            throw new IllegalStateException("an RSA public key of " + RELATIVE + " has no \"" + name + "\"");
        }
        return m.group(1);
    }

    private static RSAPublicKey rsaKey(String n, String e) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                    new BigInteger(1, Base64.getUrlDecoder().decode(n)), new BigInteger(1, Base64.getUrlDecoder().decode(e))));
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("an RSA public key of " + RELATIVE + " is not usable: " + ex.getMessage(), ex);
        }
    }
}
