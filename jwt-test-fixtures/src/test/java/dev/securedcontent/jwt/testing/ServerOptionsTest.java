package dev.securedcontent.jwt.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.core.PemKeys;
import java.net.ConnectException;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plain start()/close() API and the options that need files or keys made at test time. */
class ServerOptionsTest {

    @Test
    void startsAndStopsOutsideJUnitsExtensionModel() {
        SecuredContentServerRuntime server = SecuredContentServerRuntime.builder().start();
        URI url = server.content().signedUrl("/book.pdf");
        Requests requests = new Requests(server.content());
        assertThat(requests.get(url).statusCode()).isEqualTo(200);

        server.close();
        server.close();

        assertThat(server.isRunning()).isFalse();
        assertThatThrownBy(() -> requests.get(url)).hasCauseInstanceOf(ConnectException.class);
    }

    @Test
    void acceptsTokensOfAnExtraKeyDuringRotation() {
        KeyPair old = PemKeys.generate(2048);
        try (SecuredContentServerRuntime server = SecuredContentServerRuntime.builder().acceptAlso(old.getPublic()).start()) {
            SecuredContent content = server.content();
            String oldToken = ContentTokenSigner.builder(old.getPrivate()).clock(content.clock()).build().sign();

            var response = new Requests(content).get(content.withToken(content.unsignedUrl("/book.pdf"), oldToken));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(content.acceptedKeys()).containsExactly(content.publicKey(), (RSAPublicKey) old.getPublic());
        }
    }

    @Test
    void refusesTokensOfAKeyThatIsNotAccepted() {
        KeyPair stranger = PemKeys.generate(2048);
        try (SecuredContentServerRuntime server = SecuredContentServerRuntime.builder().start()) {
            SecuredContent content = server.content();
            String token = ContentTokenSigner.builder(stranger.getPrivate()).clock(content.clock()).build().sign();

            var response = new Requests(content).get(content.withToken(content.unsignedUrl("/book.pdf"), token));

            assertThat(response.statusCode()).isEqualTo(403);
        }
    }

    @Test
    void readsExtraAcceptedKeysFromAFile(@TempDir Path dir) {
        KeyPair old = PemKeys.generate(2048);
        Path publicKeyFile = dir.resolve("old.pub.pem");
        PemKeys.writePublicKey(publicKeyFile, (RSAPublicKey) old.getPublic());

        try (SecuredContentServerRuntime server = SecuredContentServerRuntime.builder().acceptAlso(publicKeyFile).start()) {
            assertThat(server.content().acceptedKeys()).contains((RSAPublicKey) old.getPublic());
        }
    }

    @Test
    void signsWithAPrivateKeyFileLikeAConfiguredJamfPro(@TempDir Path dir) {
        KeyPair jamf = PemKeys.generate(2048);
        Path keyFile = dir.resolve("jamf.pem");
        PemKeys.writePrivateKey(keyFile, (RSAPrivateCrtKey) jamf.getPrivate());

        try (SecuredContentServerRuntime server = SecuredContentServerRuntime.builder().privateKeyFile(keyFile).start()) {
            assertThat(server.content().publicKey()).isEqualTo(jamf.getPublic());
            ContentTokenAssertions.assertThat(server.content().validToken()).isValidFor(jamf.getPublic());
        }
    }

    @Test
    void usesAGivenKeyPair() {
        KeyPair keyPair = PemKeys.generate(2048);

        try (SecuredContentServerRuntime server = SecuredContentServerRuntime.builder().keyPair(keyPair).start()) {
            assertThat(server.content().privateKey()).isEqualTo(keyPair.getPrivate());
        }
    }

    @Test
    void generatesAKeyOfTheConfiguredSize() {
        try (SecuredContentServerRuntime server = SecuredContentServerRuntime.builder().keySize(3072).start()) {
            assertThat(server.content().publicKey().getModulus().bitLength()).isEqualTo(3072);
        }
    }

    @Test
    void servesAClasspathFolderOfChoice() {
        try (SecuredContentServerRuntime server = SecuredContentServerRuntime.builder()
                .contentClasspathRoot("secured-content/apps").start()) {
            SecuredContent content = server.content();

            assertThat(new Requests(content).get(content.signedUrl("/app.ipa")).body())
                    .isEqualTo(Requests.resource("apps/app.ipa"));
        }
    }

    @Test
    void refusesAContentDirectoryThatDoesNotExist(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-dir");

        assertThatThrownBy(() -> SecuredContentServerRuntime.builder().contentDirectory(missing).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("not a directory");
    }

    @Test
    void refusesAKeySizeOtherThan2048Or3072Or4096() {
        assertThatThrownBy(() -> SecuredContentServerRuntime.builder().keySize(1024))
                .hasMessage("keySize 1024: must be 2048, 3072 or 4096");
    }

    @Test
    void refusesANonPositiveExpiry() {
        assertThatThrownBy(() -> SecuredContentServerRuntime.builder().tokenExpiry(Duration.ZERO))
                .hasMessageStartingWith("tokenExpiry PT0S: must be a positive whole number of seconds");
    }

    @Test
    void refusesAClockSkewOverFiveMinutes() {
        assertThatThrownBy(() -> SecuredContentServerRuntime.builder().clockSkew(Duration.ofMinutes(6)))
                .hasMessage("clockSkew PT6M: must be between PT0S and PT5M");
    }

    @Test
    void refusesAUrlWhereAPathIsExpected() {
        try (SecuredContentServerRuntime server = SecuredContentServerRuntime.builder().start()) {
            assertThatThrownBy(() -> server.content().signedUrl("https://example.com/app.ipa"))
                    .hasMessageContaining("give a path on this server");
        }
    }

    @Test
    void deletesTheTlsKeyStoreWhenClosed() {
        SelfSignedCertificate certificate = SelfSignedCertificate.create();
        assertThat(certificate.keyStoreFile()).exists();

        certificate.close();

        assertThat(certificate.keyStoreFile()).doesNotExist();
    }
}
