package dev.securedcontent.jwt.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.core.RsaKeys;
import java.net.ConnectException;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start()/close() API and the options that need files or keys made at test time. */
class ServerOptionsTest {

    @Test
    void startsAndStopsAndClosingTwiceDoesNothing() {
        ContentServer server = ContentServer.start(ContentServerOptions.defaults());
        URI url = server.signedUrl("/book.pdf");
        Requests requests = new Requests(server);
        assertThat(requests.get(url).statusCode()).isEqualTo(200);

        server.close();
        server.close();

        assertThat(server.isRunning()).isFalse();
        assertThatThrownBy(() -> requests.get(url)).hasCauseInstanceOf(ConnectException.class);
    }

    @Test
    void anOptionMethodLeavesTheOptionsItWasCalledOnUnchanged() {
        // given options shared by two servers, one of which wants HTTPS and another key
        ContentServerOptions shared = ContentServerOptions.defaults().keySize(3072);
        ContentServerOptions changed = shared.https(true).acceptAlso(RsaKeys.generate(2048).getPublic());

        // when a server starts with the shared options
        try (ContentServer server = ContentServer.start(shared)) {
            // then the change made on the copy is not in them
            assertThat(server.isHttps()).isFalse();
            assertThat(server.acceptedKeys()).hasSize(1);
            assertThat(server.publicKey().getModulus().bitLength()).isEqualTo(3072);
        }
        assertThat(changed).isNotSameAs(shared).hasToString("ContentServerOptions[classpath folder secured-content, https]");
    }

    @Test
    void acceptsTokensOfAnExtraKeyDuringRotation() {
        KeyPair old = RsaKeys.generate(2048);
        try (ContentServer server = ContentServer.start(ContentServerOptions.defaults().acceptAlso(old.getPublic()))) {
            URI url = ContentTokenSigner.builder(old.getPrivate()).clock(server.clock()).build()
                    .signUrl(server.unsignedUrl("/book.pdf"));

            var response = new Requests(server).get(url);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(server.acceptedKeys()).containsExactly(server.publicKey(), (RSAPublicKey) old.getPublic());
        }
    }

    @Test
    void refusesTokensOfAKeyThatIsNotAccepted() {
        KeyPair stranger = RsaKeys.generate(2048);
        try (ContentServer server = ContentServer.start(ContentServerOptions.defaults())) {
            URI url = ContentTokenSigner.builder(stranger.getPrivate()).clock(server.clock()).build()
                    .signUrl(server.unsignedUrl("/book.pdf"));

            var response = new Requests(server).get(url);

            assertThat(response.statusCode()).isEqualTo(403);
        }
    }

    @Test
    void readsExtraAcceptedKeysFromAFile(@TempDir Path dir) {
        KeyPair old = RsaKeys.generate(2048);
        Path publicKeyFile = dir.resolve("old.pub.pem");
        RsaKeys.writePublicKey(publicKeyFile, (RSAPublicKey) old.getPublic());

        try (ContentServer server = ContentServer.start(ContentServerOptions.defaults().acceptAlso(publicKeyFile))) {
            assertThat(server.acceptedKeys()).contains((RSAPublicKey) old.getPublic());
        }
    }

    @Test
    void signsWithAPrivateKeyFileLikeAConfiguredJamfPro(@TempDir Path dir) {
        KeyPair jamf = RsaKeys.generate(2048);
        Path keyFile = dir.resolve("jamf.pem");
        RsaKeys.writePrivateKey(keyFile, (RSAPrivateCrtKey) jamf.getPrivate());

        try (ContentServer server = ContentServer.start(ContentServerOptions.defaults().privateKeyFile(keyFile))) {
            URI url = ContentTokenSigner.builder(jamf.getPrivate()).clock(server.clock()).build()
                    .signUrl(server.unsignedUrl("/book.pdf"));

            assertThat(server.publicKey()).isEqualTo(jamf.getPublic());
            assertThat(new Requests(server).get(url).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void usesAGivenKeyPair() {
        KeyPair keyPair = RsaKeys.generate(2048);

        try (ContentServer server = ContentServer.start(ContentServerOptions.defaults().keyPair(keyPair))) {
            assertThat(server.privateKey()).isEqualTo(keyPair.getPrivate());
        }
    }

    @Test
    void generatesAKeyOfTheConfiguredSize() {
        try (ContentServer server = ContentServer.start(ContentServerOptions.defaults().keySize(3072))) {
            assertThat(server.publicKey().getModulus().bitLength()).isEqualTo(3072);
        }
    }

    @Test
    void servesAClasspathFolderOfChoice() {
        try (ContentServer server = ContentServer.start(ContentServerOptions.defaults()
                .contentClasspathRoot("secured-content/apps"))) {
            assertThat(new Requests(server).get(server.signedUrl("/app.ipa")).body())
                    .isEqualTo(Requests.resource("apps/app.ipa"));
        }
    }

    @Test
    void refusesAContentDirectoryThatDoesNotExist(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-dir");

        assertThatThrownBy(() -> ContentServer.start(ContentServerOptions.defaults().contentDirectory(missing)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("not a directory");
    }

    @Test
    void refusesAKeySizeOtherThan2048Or3072Or4096() {
        assertThatThrownBy(() -> ContentServerOptions.defaults().keySize(1024))
                .hasMessage("keySize 1024: must be 2048, 3072 or 4096");
    }

    @Test
    void refusesANonPositiveExpiry() {
        assertThatThrownBy(() -> ContentServerOptions.defaults().tokenExpiry(Duration.ZERO))
                .hasMessageStartingWith("tokenExpiry PT0S: must be a positive whole number of seconds");
    }

    @Test
    void refusesAClockSkewOverFiveMinutes() {
        assertThatThrownBy(() -> ContentServerOptions.defaults().clockSkew(Duration.ofMinutes(6)))
                .hasMessage("clockSkew PT6M: must be between PT0S and PT5M");
    }

    @Test
    void refusesAUrlWhereAPathIsExpected() {
        try (ContentServer server = ContentServer.start(ContentServerOptions.defaults())) {
            assertThatThrownBy(() -> server.signedUrl("https://example.com/app.ipa"))
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
