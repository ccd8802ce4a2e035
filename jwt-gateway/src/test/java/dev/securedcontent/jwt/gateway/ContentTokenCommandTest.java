package dev.securedcontent.jwt.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.core.RsaKeys;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command's bad input: exit status 2 and one message naming the value and the fix, never a stack trace. */
class ContentTokenCommandTest {
    private static KeyPair keys;
    @TempDir
    static Path dir;
    private static Path publicKey;
    private static Path privateKey;
    private static Path root;

    private final List<GatewayServer> started = new ArrayList<>();

    /** Starts servers without waiting for them; the test stops them. */
    private final Startup startup = new Startup(new PrintWriter(new StringWriter())) {
        @Override
        void await(GatewayServer server) {
            started.add(server);
        }
    };

    record Run(int status, String out, String err) {}

    @BeforeAll
    static void keys() throws Exception {
        keys = RsaKeys.generate(2048);
        publicKey = dir.resolve("public.pem");
        privateKey = dir.resolve("private.pem");
        RsaKeys.writePublicKey(publicKey, (RSAPublicKey) keys.getPublic());
        RsaKeys.writePrivateKey(privateKey, (RSAPrivateCrtKey) keys.getPrivate());
        root = Files.createDirectories(dir.resolve("root"));
    }

    @AfterEach
    void stopServers() {
        started.forEach(GatewayServer::stopQuietly);
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = ContentTokenCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true), Clock.systemUTC(), startup);
        assertThat(err.toString()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception:");
        return new Run(status, out.toString(), err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"serve", "proxy", "check", "audit", "keygen", "sign-url", "inspect"})
    void everyCommandHasHelp(String command) {
        Run run = run(command, "--help");

        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("Usage: content-token " + command);
    }

    @Test
    void aMissingRequiredOptionIsNamed() {
        Run run = run("serve", "--keys", publicKey.toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required option: '--root=DIR'");
    }

    @Test
    void aMissingKeyFileIsNamedWithTheFix() {
        Path missing = dir.resolve("no-such-key.pem");
        Run run = run("serve", "--root", root.toString(), "--keys", missing.toString(), "--listen", "127.0.0.1:0");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).startsWith("content-token serve: --keys ").contains(missing.toString());
    }

    @Test
    void aPrivateKeyGivenAsPublicIsRefused() {
        Run run = run("check", "--keys", publicKey + "," + privateKey, "--listen", "127.0.0.1:0");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains(privateKey + ": holds a private key").contains("openssl rsa -in private.pem -pubout");
    }

    @Test
    void aRootThatIsNoDirectoryIsRefused() {
        Run missing = run("serve", "--root", dir.resolve("nothing").toString(), "--keys", publicKey.toString());
        Run file = run("serve", "--root", publicKey.toString(), "--keys", publicKey.toString());

        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains("--root " + dir.resolve("nothing") + ": does not exist");
        assertThat(file.status()).isEqualTo(2);
        assertThat(file.err()).contains("is not a directory");
    }

    @Test
    void aPortInUseIsNamedWithTheFix() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String listen = "127.0.0.1:" + taken.getLocalPort();
            Run run = run("serve", "--root", root.toString(), "--keys", publicKey.toString(), "--listen", listen);

            assertThat(run.status()).isEqualTo(2);
            assertThat(run.err()).contains("--listen " + listen + ": cannot listen there").contains("choose another port");
        }
    }

    @Test
    void aBadListenValueIsRefused() {
        Run run = run("check", "--keys", publicKey.toString(), "--listen", "localhost");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("--listen localhost: expected HOST:PORT");
    }

    @Test
    void aTlsKeyThatIsNotTheCertificatesIsRefused() throws Exception {
        Path cert = TestTls.writeCertificate(dir.resolve("other-cert.pem"), TestTls.certificate(RsaKeys.generate(2048)));
        Run run = run("serve", "--root", root.toString(), "--keys", publicKey.toString(), "--listen", "127.0.0.1:0",
                "--tls-cert", cert.toString(), "--tls-key", privateKey.toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("the private key is not the certificate's");
    }

    @Test
    void aCertificateWithoutItsKeyIsRefused() throws Exception {
        Path cert = TestTls.writeCertificate(dir.resolve("lone-cert.pem"), TestTls.certificate(keys));
        Run run = run("proxy", "--origin", "http://127.0.0.1:1", "--keys", publicKey.toString(), "--tls-cert", cert.toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("--tls-cert is given without --tls-key");
    }

    @Test
    void aKeystoreThatIsNoPkcs12IsRefused() {
        Run run = run("check", "--keys", publicKey.toString(), "--keystore", publicKey.toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("--keystore " + publicKey + ": cannot be read as PKCS#12");
    }

    @Test
    void anOriginThatIsNoBaseUrlIsRefused() {
        Run run = run("proxy", "--origin", "ftp://origin", "--keys", publicKey.toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("--origin ftp://origin: expected the origin's base URL");
    }

    @Test
    void anUnreadableAccessLogDirectoryIsRefused() {
        Path log = dir.resolve("no-such-dir/access.log");
        Run run = run("check", "--keys", publicKey.toString(), "--listen", "127.0.0.1:0", "--access-log", log.toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("--access-log " + log + ": cannot be written");
    }

    @Test
    void keygenNeverOverwritesAKey() {
        Run run = run("keygen", "--private-key", privateKey.toString(), "--public-key", dir.resolve("new-public.pem").toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains(privateKey + ": already exists");
    }

    @Test
    void signUrlThenInspectShowsTheClaimsButNeverTheSignature() {
        Run signed = run("sign-url", "https://dp.example.com/apps/App.pkg", "--private-key", privateKey.toString());
        String url = signed.out().strip();
        String signature = url.substring(url.lastIndexOf('.') + 1);

        Run inspected = run("inspect", url, "--keys", publicKey.toString());

        assertThat(signed.status()).isZero();
        assertThat(inspected.status()).isZero();
        assertThat(inspected.out()).contains("\"iss\":\"JSS\"").contains("verdict:   accepted").doesNotContain(signature);
    }

    @Test
    void inspectOfATokenSignedByAnotherKeyExitsOne() {
        Path otherPrivate = dir.resolve("other-private.pem");
        RsaKeys.writePrivateKey(otherPrivate, (RSAPrivateCrtKey) RsaKeys.generate(2048).getPrivate());
        String url = run("sign-url", "https://dp.example.com/a.pkg", "--private-key", otherPrivate.toString()).out().strip();

        Run inspected = run("inspect", url, "--keys", publicKey.toString());

        assertThat(inspected.status()).isEqualTo(1);
        assertThat(inspected.out()).contains("verdict:   refused, BAD_SIGNATURE");
    }

    @Test
    void serveSpeaksHttp2OverTls() throws Exception {
        X509Certificate certificate = TestTls.certificate(keys);
        Path cert = TestTls.writeCertificate(dir.resolve("cert.pem"), certificate);
        Run run = run("serve", "--root", root.toString(), "--keys", publicKey.toString(), "--listen", "127.0.0.1:0",
                "--tls-cert", cert.toString(), "--tls-key", privateKey.toString());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", certificate);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trustManagers.getTrustManagers(), null);
        HttpClient client = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_2).build();

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + started.get(0).port() + "/a.pkg")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(run.status()).isZero();
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("X-Content-Token-Reason")).hasValue("MISSING");
    }
}
