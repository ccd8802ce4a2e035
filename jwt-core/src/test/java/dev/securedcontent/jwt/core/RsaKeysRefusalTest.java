package dev.securedcontent.jwt.core;

import static dev.securedcontent.jwt.core.TestKeyFiles.PASSPHRASE;
import static dev.securedcontent.jwt.core.TestKeyFiles.assertLeaksNothing;
import static dev.securedcontent.jwt.core.TestKeyFiles.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each refused kind of private key file, with the exact reason given after the file's name. */
class RsaKeysRefusalTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        rsa1024-pkcs8.pem  | RSA key is 1024 bits; RS256 needs 2048 or more: make a new one with `openssl genrsa -out key.pem 2048` and configure it in Jamf Pro
        ec-p256-sec1.pem   | is an EC (prime256v1) private key; Jamf Pro content tokens are RS256 and need an RSA key: make one with `openssl genrsa -out key.pem 2048`
        ec-p256-pkcs8.pem  | is an EC (prime256v1) private key; Jamf Pro content tokens are RS256 and need an RSA key: make one with `openssl genrsa -out key.pem 2048`
        ed25519-pkcs8.pem  | is an Ed25519 private key; Jamf Pro content tokens are RS256 and need an RSA key: make one with `openssl genrsa -out key.pem 2048`
        dsa-pkcs8.pem      | is a DSA private key; Jamf Pro content tokens are RS256 and need an RSA key: make one with `openssl genrsa -out key.pem 2048`
        rsa2048-spki.pem   | holds a public key (BEGIN PUBLIC KEY), not a private key; signing needs the RSA private key configured in Jamf Pro (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY), as made by `openssl genrsa -out key.pem 2048`
        rsa2048-pkcs1-public.pem | holds a public key (BEGIN RSA PUBLIC KEY), not a private key; signing needs the RSA private key configured in Jamf Pro (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY), as made by `openssl genrsa -out key.pem 2048`
        rsa2048-spki.der   | holds a public key (DER public key (SPKI)), not a private key; signing needs the RSA private key configured in Jamf Pro (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY), as made by `openssl genrsa -out key.pem 2048`
        ec-p256-spki.pem   | holds a public key (BEGIN PUBLIC KEY), not a private key; signing needs the RSA private key configured in Jamf Pro (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY), as made by `openssl genrsa -out key.pem 2048`
        rsa2048-cert.pem   | holds a certificate (X.509 certificate (BEGIN CERTIFICATE)), not a private key; signing needs the RSA private key configured in Jamf Pro (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY), as made by `openssl genrsa -out key.pem 2048`
        rsa2048-cert.der   | holds a certificate (DER X.509 certificate), not a private key; signing needs the RSA private key configured in Jamf Pro (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY), as made by `openssl genrsa -out key.pem 2048`
        rsa2048.jwk.json   | holds a JSON Web Key (JSON), not a private key; signing needs the RSA private key configured in Jamf Pro (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY), as made by `openssl genrsa -out key.pem 2048`
        empty.pem          | is empty; expected a PEM key file (a -----BEGIN ...----- block), DER, or a JWK/JWKS: check that the right file (or variable) was given
        garbage.pem        | holds no key: no -----BEGIN ...----- line, not DER and not JSON; expected a PEM key file such as the one `openssl genrsa -out key.pem 2048` writes
        garbage.bin        | holds no key: it is binary but not DER (the first byte is not an ASN.1 SEQUENCE); expected a PEM or DER key file
        broken-pkcs8.pem   | the BEGIN PRIVATE KEY block is damaged and cannot be read (PEMException); replace the file with an intact copy
        """)
    void a_refused_file_gives_its_name_the_reason_and_the_fix(String file, String reason) {
        // given
        Path path = key(file);

        // when
        KeyFileException thrown = catchThrowableOfType(KeyFileException.class,
                () -> RsaKeys.readPrivateKey(path, PASSPHRASE.clone()));

        // then
        assertThat(thrown).hasMessage(path + ": " + reason);
        assertLeaksNothing(thrown, path);
    }
}
