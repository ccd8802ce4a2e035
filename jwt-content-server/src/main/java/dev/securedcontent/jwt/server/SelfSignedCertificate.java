package dev.securedcontent.jwt.server;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway TLS certificate for {@code localhost} and {@code 127.0.0.1}, in a PKCS#12 file for
 * Jetty, plus an {@link SSLContext} that trusts exactly that certificate (hostname checks stay on).
 * WireMock's bundled certificate names no host, so clients would have to trust everything.
 */
final class SelfSignedCertificate implements AutoCloseable {

    private static final String ALIAS = "secured-content";

    private final Path keyStoreFile;
    private final String password;
    private final SSLContext clientContext;

    private SelfSignedCertificate(Path keyStoreFile, String password, SSLContext clientContext) {
        this.keyStoreFile = keyStoreFile;
        this.password = password;
        this.clientContext = clientContext;
    }

    static SelfSignedCertificate create() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keyPair = generator.generateKeyPair();
            // TLS checks validity against the real time, not the server's test clock.
            Instant now = Instant.now();
            X500Name name = new X500Name("CN=localhost");
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                    new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(7))), name, keyPair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")
            }));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keyPair.getPrivate())));

            String password = new BigInteger(128, new SecureRandom()).toString(36);
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry(ALIAS, keyPair.getPrivate(), password.toCharArray(),
                    new X509Certificate[] {certificate});
            Path file = Files.createTempFile("secured-content-tls-", ".p12");
            try (OutputStream out = Files.newOutputStream(file)) {
                keyStore.store(out, password.toCharArray());
            }

            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry(ALIAS, certificate);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return new SelfSignedCertificate(file, password, context);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot create the content server's TLS certificate: " + e.getMessage(), e);
        }
    }

    Path keyStoreFile() {
        return keyStoreFile;
    }

    String password() {
        return password;
    }

    SSLContext clientContext() {
        return clientContext;
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(keyStoreFile);
        } catch (IOException e) {
            keyStoreFile.toFile().deleteOnExit();
        }
    }
}
