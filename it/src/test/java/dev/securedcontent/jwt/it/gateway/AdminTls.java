package dev.securedcontent.jwt.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.it.StockInstall;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS files an admin makes with openssl for a service definition (cert.pem and key.pem, or a
 * PKCS#12 server.p12), and a client that trusts that certificate alone.
 */
final class AdminTls {
    private AdminTls() {}

    /** cert.pem and key.pem in {@code dir}, as openssl makes a self-signed pair for 127.0.0.1; the certificate. */
    static Path selfSigned(Path dir) throws IOException, InterruptedException {
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem", "-days", "2",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1");
        return dir.resolve("cert.pem");
    }

    /** {@code name} in {@code dir}: cert.pem and key.pem of {@link #selfSigned} as PKCS#12 with {@code password}. */
    static Path pkcs12(Path dir, String name, String password) throws IOException, InterruptedException {
        openssl(dir, "pkcs12", "-export", "-in", "cert.pem", "-inkey", "key.pem", "-out", name, "-passout", "pass:" + password);
        return dir.resolve(name);
    }

    /** An HTTP/2 client (HTTP/1.1 where the server has only that) trusting {@code cert} alone. */
    static HttpClient client(Path cert) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            trust.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(context).build();
    }

    private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of("openssl"));
        line.addAll(List.of(args));
        Process p = new ProcessBuilder(line).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("openssl " + args[0] + " ended").isTrue();
        assertThat(p.exitValue()).as("openssl " + String.join(" ", args) + ": " + out).isZero();
    }

    /**
     * {@link StockInstall.EveryShape#send} over TLS with {@code http} (a {@link #client}), and every
     * valid shape served over HTTP/2, as the services' pages promise.
     */
    static StockInstall.EveryShape sendEveryShapeOverHttp2(HttpClient http, KeyPair keys, URI url) {
        StockInstall.EveryShape shapes = StockInstall.EveryShape.send(keys, url, uri -> StockInstall.rangeGet(http, uri));
        assertThat(shapes.valid()).allSatisfy(name -> assertThat(shapes.responses().get(name).version()).as(name)
                .isEqualTo(HttpClient.Version.HTTP_2));
        return shapes;
    }
}
