package dev.securedcontent.jwt.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What must never appear in any message, {@code toString} or log line: a private key (any
 * 16-character piece of its PEM body, in base64 or base64url, or of its private numbers in
 * base64url, hex or decimal), passphrases, and token signatures (any 12-character piece).
 */
final class SecretMaterial {
    private static final int KEY_WINDOW = 16;
    private static final int SIGNATURE_WINDOW = 12;

    /** Every window of every secret, by window length, mapped to what it is a piece of (never the secret itself). */
    private final Map<Integer, Map<String, String>> windows = Map.of(KEY_WINDOW, new HashMap<>(), SIGNATURE_WINDOW, new HashMap<>());
    private final List<String> whole = new ArrayList<>();
    private final Map<String, String> wholeNames = new HashMap<>();

    SecretMaterial privateKey(RSAPrivateCrtKey key) {
        String body = Base64.getEncoder().encodeToString(key.getEncoded());
        addWindows(body, KEY_WINDOW, "the private key's PEM body");
        addWindows(body.replace('+', '-').replace('/', '_'), KEY_WINDOW, "the private key's DER in base64url");
        BigInteger[] privateNumbers = {key.getPrivateExponent(), key.getPrimeP(), key.getPrimeQ(),
                key.getPrimeExponentP(), key.getPrimeExponentQ(), key.getCrtCoefficient()};
        for (BigInteger number : privateNumbers) {
            addWindows(Base64.getUrlEncoder().withoutPadding().encodeToString(number.toByteArray()), KEY_WINDOW,
                    "a private RSA number in base64url");
            addWindows(number.toString(16), KEY_WINDOW, "a private RSA number in hex");
            addWindows(number.toString(), KEY_WINDOW, "a private RSA number in decimal");
        }
        return this;
    }

    SecretMaterial passphrase(String passphrase) {
        whole.add(passphrase);
        wholeNames.put(passphrase, "a passphrase");
        return this;
    }

    /** Registers the token's signature segment (when it has one of 12 characters or more). */
    SecretMaterial token(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length >= 3 && parts[2].length() >= SIGNATURE_WINDOW && !parts[2].matches("(.)\\1*")) {
            addWindows(parts[2], SIGNATURE_WINDOW, "a token signature");
        }
        return this;
    }

    /** Asserts that {@code text}, produced by {@code where}, holds none of the secrets. */
    void assertNotIn(String where, String text) {
        if (text == null) {
            return;
        }
        for (String secret : whole) {
            assertThat(text.contains(secret)).as("%s contains %s", where, wholeNames.get(secret)).isFalse();
        }
        for (Map.Entry<Integer, Map<String, String>> byLength : windows.entrySet()) {
            int window = byLength.getKey();
            for (int i = 0; i + window <= text.length(); i++) {
                String found = byLength.getValue().get(text.substring(i, i + window));
                assertThat(found).as("%s contains a piece of %s at index %d", where, found, i).isNull();
            }
        }
    }

    /** The exception, its message and every cause's message and toString. */
    void assertNotIn(String where, Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            assertNotIn(where + " (" + t.getClass().getName() + ")", t.toString());
            assertNotIn(where + " (" + t.getClass().getName() + " message)", t.getMessage());
            for (Throwable suppressed : t.getSuppressed()) {
                assertNotIn(where + " (suppressed)", suppressed);
            }
        }
    }

    private void addWindows(String secret, int window, String name) {
        for (int i = 0; i + window <= secret.length(); i++) {
            windows.get(window).put(secret.substring(i, i + window), name);
        }
    }
}
