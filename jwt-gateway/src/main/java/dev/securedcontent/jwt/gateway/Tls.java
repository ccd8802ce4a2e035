package dev.securedcontent.jwt.gateway;

import dev.securedcontent.jwt.core.KeyFileException;
import dev.securedcontent.jwt.core.RsaKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The server's TLS identity, from PEM files (certificate chain and private key) or a PKCS#12
 * keystore, checked before the server starts: the key must be the certificate's.
 */
final class Tls {
    /** Environment variable holding the PKCS#12 keystore's password (a command line is visible to every user). */
    static final String KEYSTORE_PASSWORD_ENV = "CONTENT_TOKEN_KEYSTORE_PASSWORD";

    private static final Pattern PKCS8 = Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final char[] IN_MEMORY_PASSWORD = new char[0];

    private Tls() {}

    /** From {@code cert} (PEM chain, leaf first) and {@code key} (PEM: RSA PKCS#1/PKCS#8, or EC PKCS#8). */
    static SslContextFactory.Server fromPem(Path cert, Path key) {
        List<X509Certificate> chain = certificates(cert);
        PrivateKey privateKey = privateKey(key);
        requireMatch(chain.get(0), privateKey, "--tls-cert " + cert + " and --tls-key " + key);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", privateKey, IN_MEMORY_PASSWORD, chain.toArray(Certificate[]::new));
            return factory(store, IN_MEMORY_PASSWORD);
        } catch (GeneralSecurityException | IOException e) {
            throw new BadInput("--tls-key " + key + ": the key cannot be used for TLS (" + e.getMessage() + ")");
        }
    }

    /** From a PKCS#12 file whose password is in {@value #KEYSTORE_PASSWORD_ENV} (empty when unset). */
    static SslContextFactory.Server fromKeystore(Path file, String password) {
        char[] secret = password == null ? new char[0] : password.toCharArray();
        KeyStore store;
        try (InputStream in = Files.newInputStream(file)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, secret);
        } catch (IOException e) {
            if (e.getCause() instanceof java.security.UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")) {
                throw new BadInput("--keystore " + file + ": wrong password; set the environment variable " + KEYSTORE_PASSWORD_ENV
                        + " to the keystore's password");
            }
            throw new BadInput("--keystore " + file + ": cannot be read as PKCS#12 (" + e.getMessage() + "); give a .p12/.pfx file, e.g. openssl pkcs12 -export -in cert.pem -inkey key.pem -out server.p12");
        } catch (GeneralSecurityException e) {
            throw new BadInput("--keystore " + file + ": cannot be read as PKCS#12 (" + e.getMessage() + ")");
        }
        try {
            String alias = Collections.list(store.aliases()).stream().filter(a -> isKeyEntry(store, a)).findFirst()
                    .orElseThrow(() -> new BadInput("--keystore " + file + ": holds no private key with its certificate; "
                            + "export both: openssl pkcs12 -export -in cert.pem -inkey key.pem -out server.p12"));
            PrivateKey key = (PrivateKey) store.getKey(alias, secret);
            requireMatch((X509Certificate) store.getCertificate(alias), key, "--keystore " + file);
            return factory(store, secret);
        } catch (GeneralSecurityException e) {
            throw new BadInput("--keystore " + file + ": its key cannot be read (" + e.getMessage() + "); set "
                    + KEYSTORE_PASSWORD_ENV + " to its password");
        }
    }

    private static boolean isKeyEntry(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static SslContextFactory.Server factory(KeyStore store, char[] password) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(store);
        tls.setKeyStorePassword(new String(password));
        // HTTP/2 forbids the ciphers this comparator puts last (RFC 9113, appendix A).
        tls.setCipherComparator(HTTP2Cipher.COMPARATOR);
        return tls;
    }

    private static List<X509Certificate> certificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> chain = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
            if (chain.isEmpty()) {
                throw new CertificateException("no certificate");
            }
            return chain;
        } catch (IOException e) {
            throw new BadInput("--tls-cert " + file + ": cannot be read (" + e.getClass().getSimpleName() + "); give the PEM file "
                    + "of the server's certificate chain");
        } catch (CertificateException e) {
            throw new BadInput("--tls-cert " + file + ": holds no PEM certificate (BEGIN CERTIFICATE); give the server's "
                    + "certificate chain, leaf first");
        }
    }

    private static PrivateKey privateKey(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new BadInput("--tls-key " + file + ": cannot be read (" + e.getClass().getSimpleName() + "); give the PEM file "
                    + "of the certificate's private key");
        }
        try {
            return RsaKeys.readPrivateKey(file);
        } catch (KeyFileException rsaOnly) {
            // RsaKeys reads RSA keys; a TLS key may be EC, which the JDK reads from unencrypted PKCS#8.
            Matcher m = PKCS8.matcher(text);
            if (m.find()) {
                byte[] der = Base64.getMimeDecoder().decode(m.group(1));
                try {
                    return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
                } catch (GeneralSecurityException notEc) {
                    // reported below
                }
            }
            throw new BadInput("--tls-key " + file + ": " + rsaOnly.getMessage() + " (an EC key must be unencrypted PKCS#8: "
                    + "openssl pkcs8 -topk8 -nocrypt -in " + file.getFileName() + " -out key.pem)");
        }
    }

    /* A signature made with the key must verify with the certificate: a mismatch would fail every handshake. */
    private static void requireMatch(X509Certificate cert, PrivateKey key, String what) {
        PublicKey publicKey = cert.getPublicKey();
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> throw new BadInput(what + ": a " + key.getAlgorithm() + " key; use an RSA or EC key");
        };
        boolean matches;
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new BadInput(what + ": the private key is not the certificate's (certificate subject "
                    + cert.getSubjectX500Principal().getName() + "); give the key the certificate was issued for");
        }
    }
}
