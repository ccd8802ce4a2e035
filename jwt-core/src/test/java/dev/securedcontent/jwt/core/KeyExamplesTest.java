package dev.securedcontent.jwt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs docs/library.md's key examples (the docs show this code: DocSnippetsTest in it checks it). */
class KeyExamplesTest {

    @Test
    void theReadmeExamplesRun(@TempDir Path dir) throws Exception {
        // given the files the examples start from
        Files.copy(TestKeyFiles.key("rsa2048-pkcs1.pem"), dir.resolve("key.pem"));
        Files.copy(TestKeyFiles.key("rsa2048-pkcs8-encrypted.pem"), dir.resolve("key-encrypted.pem"));
        Files.copy(TestKeyFiles.key("two-keys.jwks.json"), dir.resolve("jwks.json"));

        // when (README, keys section, verbatim from here to "then")
        RSAPrivateCrtKey jamfKey = RsaKeys.readPrivateKey(dir.resolve("key.pem"));
        RSAPublicKey forTheWebServer = RsaKeys.publicKeyOf(jamfKey);
        RsaKeys.writePublicKey(dir.resolve("public.pem"), forTheWebServer);

        RSAPrivateCrtKey encrypted = RsaKeys.readPrivateKey(dir.resolve("key-encrypted.pem"), "correct horse".toCharArray());
        String passphrase = System.getenv("JWT_PRIVATE_KEY_PASSPHRASE");
        Supplier<RSAPrivateCrtKey> fromEnvironment = () -> RsaKeys.readPrivateKey(System.getenv("JWT_PRIVATE_KEY"),
                passphrase == null ? null : passphrase.toCharArray(), "environment variable JWT_PRIVATE_KEY");

        RSAPublicKey current = RsaKeys.readPublicKey(dir.resolve("public.pem"));
        List<RSAPublicKey> all = RsaKeys.readPublicKeys(dir.resolve("jwks.json"));
        List<RSAPublicKey> fromText = RsaKeys.readPublicKeys(RsaKeys.toPem(current), "environment variable JWT_PUBLIC_KEY");

        KeyPair pair = RsaKeys.generate();            // or RsaKeys.generate(3072), RsaKeys.generate(4096)
        RsaKeys.writePrivateKey(dir.resolve("new/key.pem"), (RSAPrivateCrtKey) pair.getPrivate());
        RsaKeys.writePublicKey(dir.resolve("new/public.pem"), (RSAPublicKey) pair.getPublic());

        List<RSAPublicKey> rotation = List.of(current, (RSAPublicKey) pair.getPublic());
        RsaKeys.writeJwks(dir.resolve("new/jwks.json"), rotation);
        String jwks = RsaKeys.toJwks(rotation);       // the same document as a String
        String kid = RsaKeys.thumbprint(current);     // e.g. "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
        String pem = RsaKeys.toPem(current);          // "-----BEGIN PUBLIC KEY-----\n..."

        // then
        assertThat(encrypted).isEqualTo(jamfKey);
        assertThat(current).isEqualTo(forTheWebServer).isEqualTo(all.get(0)).isEqualTo(fromText.get(0));
        assertThat(RsaKeys.readPublicKeys(dir.resolve("new/jwks.json"))).isEqualTo(rotation);
        assertThat(Files.readString(dir.resolve("new/jwks.json"))).isEqualTo(jwks).contains("\"kid\":\"" + kid + "\"");
        assertThat(pem).isEqualTo(TestKeyFiles.text("rsa2048-spki.pem"));
        // the build clears JWT_PRIVATE_KEY, so reading it names the variable instead of a key
        assertThatThrownBy(fromEnvironment::get).isInstanceOf(KeyFileException.class)
                .hasMessageStartingWith("environment variable JWT_PRIVATE_KEY: is ");
    }
}
