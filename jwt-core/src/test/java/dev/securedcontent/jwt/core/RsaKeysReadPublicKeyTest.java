package dev.securedcontent.jwt.core;

import static dev.securedcontent.jwt.core.TestKeyFiles.assertLeaksNothing;
import static dev.securedcontent.jwt.core.TestKeyFiles.key;
import static dev.securedcontent.jwt.core.TestKeyFiles.mainModulus;
import static dev.securedcontent.jwt.core.TestKeyFiles.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RsaKeysReadPublicKeyTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "rsa2048-spki.pem", "rsa2048-pkcs1-public.pem", "rsa2048-spki.der", "rsa2048-cert.pem", "rsa2048-cert.der",
        "rsa2048-pkcs1.pem", "rsa2048-pkcs8.pem", "rsa2048-pkcs8.der", "rsa2048-pkcs1.der", "rsa2048-with-text.pem"})
    void every_form_of_the_key_gives_the_same_public_key(String file) {
        // when
        List<RSAPublicKey> keys = RsaKeys.readPublicKeys(key(file));

        // then
        assertThat(keys).singleElement().satisfies(key -> {
            assertThat(key.getModulus()).isEqualTo(mainModulus());
            assertThat(key.getPublicExponent()).isEqualTo(BigInteger.valueOf(65537));
        });
    }

    @Test
    void thePublicKeyDerivedFromThePrivateKeyEqualsTheOneOpensslExported() {
        // given
        RSAPublicKey exported = RsaKeys.readPublicKey(key("rsa2048-spki.pem"));

        // when
        RSAPublicKey derived = RsaKeys.publicKeyOf(RsaKeys.readPrivateKey(key("rsa2048-pkcs8.pem")));

        // then
        assertThat(derived).isEqualTo(exported);
        assertThat(derived.getEncoded()).isEqualTo(exported.getEncoded());
    }

    @Test
    void aFileOfSeveralPemBlocksGivesEachKeyOnceInFileOrder(@TempDir Path directory) throws Exception {
        // given the 3072-bit key, then the main key as certificate and as public key (the same key twice)
        Path bundle = directory.resolve("bundle.pem");
        Files.writeString(bundle, text("rsa3072-spki.pem") + text("rsa2048-cert.pem") + text("rsa2048-spki.pem"));

        // when
        List<RSAPublicKey> keys = RsaKeys.readPublicKeys(bundle);

        // then
        assertThat(keys).extracting(key -> key.getModulus().bitLength()).containsExactly(3072, 2048);
        assertThat(keys.get(1).getModulus()).isEqualTo(mainModulus());
        assertThat(RsaKeys.readPublicKey(bundle).getModulus().bitLength()).isEqualTo(3072);
    }

    @Test
    void aPublicKeyFromTextIsRead() {
        assertThat(RsaKeys.readPublicKeys(text("rsa2048-spki.pem"), "environment variable JWT_PUBLIC_KEY"))
                .singleElement().extracting(RSAPublicKey::getModulus).isEqualTo(mainModulus());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        rsa1024-spki.pem   | RSA key is 1024 bits; RS256 needs 2048 or more: the signing key must be replaced with a new one, made with `openssl genrsa -out key.pem 2048`
        rsa1024-pkcs8.pem  | RSA key is 1024 bits; RS256 needs 2048 or more: make a new one with `openssl genrsa -out key.pem 2048` and configure it in Jamf Pro
        ec-p256-spki.pem   | is an EC (prime256v1) public key; Jamf Pro content tokens are RS256 and need an RSA key: make one with `openssl genrsa -out key.pem 2048`
        ed25519-pkcs8.pem  | is an Ed25519 private key; Jamf Pro content tokens are RS256 and need an RSA key: make one with `openssl genrsa -out key.pem 2048`
        rsa2048-pkcs8-encrypted.pem | holds an encrypted private key (BEGIN ENCRYPTED PRIVATE KEY) where a public key is wanted; export its public key once with `openssl pkey -in key.pem -pubout -out public.pem` and give that file
        rsa2048-legacy-des3.pem | holds an encrypted private key (BEGIN RSA PRIVATE KEY with Proc-Type: 4,ENCRYPTED) where a public key is wanted; export its public key once with `openssl pkey -in key.pem -pubout -out public.pem` and give that file
        empty.pem          | is empty; expected a PEM key file (a -----BEGIN ...----- block), DER, or a JWK/JWKS: check that the right file (or variable) was given
        garbage.pem        | holds no key: no -----BEGIN ...----- line, not DER and not JSON; expected a PEM key file such as the one `openssl genrsa -out key.pem 2048` writes
        """)
    void a_refused_public_key_file_gives_its_name_the_reason_and_the_fix(String file, String reason) {
        KeyFileException thrown = catchThrowableOfType(KeyFileException.class, () -> RsaKeys.readPublicKeys(key(file)));

        assertThat(thrown).hasMessage(key(file) + ": " + reason);
        assertLeaksNothing(thrown, key(file));
    }

    @Test
    void aPemBlockOfAnUnknownKindIsRefusedByItsLabel() {
        String text = "-----BEGIN FOO BAR-----\nMAA=\n-----END FOO BAR-----\n";

        KeyFileException thrown = catchThrowableOfType(KeyFileException.class,
                () -> RsaKeys.readPublicKeys(text, "JWT_PUBLIC_KEY"));

        assertThat(thrown).hasMessage("JWT_PUBLIC_KEY: holds a BEGIN FOO BAR block, not an RSA public key; expected"
                + " BEGIN PUBLIC KEY, BEGIN RSA PUBLIC KEY, a certificate, a JWK or a JWKS");
    }

    @Test
    void aPemBlockWithoutItsEndLineIsRefusedAsIncomplete(@TempDir Path directory) throws Exception {
        Path file = Files.writeString(directory.resolve("public.pem"),
                text("rsa2048-spki.pem").replace("-----END PUBLIC KEY-----", ""));

        KeyFileException thrown = catchThrowableOfType(KeyFileException.class, () -> RsaKeys.readPublicKeys(file));

        assertThat(thrown).hasMessage(file + ": the BEGIN PUBLIC KEY block is incomplete (no END line) and cannot be"
                + " read (IOException); replace the file with an intact copy");
    }
}
