package dev.securedcontent.jwt.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The openssl-made key files under src/test/resources/keys, and checks that a refusal leaks nothing. */
final class TestKeyFiles {
    static final char[] PASSPHRASE = "correct horse".toCharArray();

    private TestKeyFiles() {}

    static Path key(String name) {
        URL url = TestKeyFiles.class.getResource("/keys/" + name);
        assertThat(url).as("test resource keys/%s", name).isNotNull();
        try {
            return Paths.get(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String text(String name) {
        try {
            return Files.readString(key(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The main test key's modulus, taken from its public key file (not from the code under test's private-key paths). */
    static BigInteger mainModulus() {
        return RsaKeys.readPublicKey(key("rsa2048-spki.pem")).getModulus();
    }

    /**
     * Asserts that no message in the exception's cause chain holds the passphrase, a line of any
     * PEM body in the given files, or a piece of a modulus.
     */
    static void assertLeaksNothing(Throwable thrown, Path... files) {
        List<String> secrets = new ArrayList<>(List.of(new String(PASSPHRASE), "correct", "horse"));
        Pattern bodyLine = Pattern.compile("^[A-Za-z0-9+/=]{16,}$", Pattern.MULTILINE);
        for (Path file : files) {
            try {
                Matcher matcher = bodyLine.matcher(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1));
                while (matcher.find()) {
                    secrets.add(matcher.group().substring(0, 16));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        secrets.add(mainModulus().toString().substring(0, 16));
        secrets.add(mainModulus().toString(16).substring(0, 16));
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            for (String secret : secrets) {
                assertThat(message).as("message of %s", t.getClass().getName()).doesNotContain(secret);
            }
        }
    }
}
