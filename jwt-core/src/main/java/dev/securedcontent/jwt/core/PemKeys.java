package dev.securedcontent.jwt.core;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;

/**
 * Reads, derives, generates and writes the RSA keys of Jamf Pro content tokens, in every form
 * admins have them: PKCS#1 and PKCS#8 PEM, encrypted PKCS#8 and legacy encrypted PEM, DER, SPKI,
 * X.509 certificates, JWK and JWKS. Every failure is a {@link KeyFileException} naming the source.
 */
public final class PemKeys {
    /** Smallest RSA modulus accepted anywhere in this toolkit. */
    public static final int MIN_RSA_BITS = 2048;
    /** Default size of generated keys. */
    public static final int DEFAULT_RSA_BITS = 2048;

    private PemKeys() {}

    public static RSAPrivateCrtKey readPrivateKey(Path file) {
        throw new UnsupportedOperationException("TODO: keys helper");
    }

    public static RSAPrivateCrtKey readPrivateKey(Path file, char[] passphrase) {
        throw new UnsupportedOperationException("TODO: keys helper");
    }

    /**
     * Reads a private key from text (for example an environment variable's value);
     * {@code sourceName} names it in errors, e.g. {@code "environment variable JWT_PRIVATE_KEY"}.
     */
    public static RSAPrivateCrtKey readPrivateKey(String pem, char[] passphrase, String sourceName) {
        throw new UnsupportedOperationException("TODO: keys helper");
    }

    /** The first (or only) public key in the file. */
    public static RSAPublicKey readPublicKey(Path file) {
        throw new UnsupportedOperationException("TODO: keys helper");
    }

    /** Every public key in the file (a JWKS may hold several; other formats hold one). */
    public static List<RSAPublicKey> readPublicKeys(Path file) {
        throw new UnsupportedOperationException("TODO: keys helper");
    }

    /** The public half of a private key (Jamf Pro never shows its key again). */
    public static RSAPublicKey publicKeyOf(RSAPrivateCrtKey privateKey) {
        throw new UnsupportedOperationException("TODO: keys helper");
    }

    /** A new RSA key pair of 2048, 3072 or 4096 bits. */
    public static KeyPair generate(int bits) {
        throw new UnsupportedOperationException("TODO: keys helper");
    }

    /** PKCS#8 PEM ({@code BEGIN PRIVATE KEY}), owner-only permissions, atomic, never over an existing file. */
    public static void writePrivateKey(Path file, RSAPrivateCrtKey key) {
        throw new UnsupportedOperationException("TODO: keys helper");
    }

    /** SPKI PEM ({@code BEGIN PUBLIC KEY}), atomic, never over an existing file. */
    public static void writePublicKey(Path file, RSAPublicKey key) {
        throw new UnsupportedOperationException("TODO: keys helper");
    }

    /** JWKS ({@code {"keys":[...]}}) with {@code kty, n, e, alg=RS256, use=sig, kid=RFC 7638 thumbprint}. */
    public static void writeJwks(Path file, List<RSAPublicKey> keys) {
        throw new UnsupportedOperationException("TODO: keys helper");
    }

    /** The JWKS document as a String (same content as {@link #writeJwks}). */
    public static String toJwks(List<RSAPublicKey> keys) {
        throw new UnsupportedOperationException("TODO: keys helper");
    }

    /** RFC 7638 JWK SHA-256 thumbprint, base64url without padding. */
    public static String thumbprint(RSAPublicKey key) {
        throw new UnsupportedOperationException("TODO: keys helper");
    }

    /** SPKI PEM text of a public key. */
    public static String toPem(RSAPublicKey key) {
        throw new UnsupportedOperationException("TODO: keys helper");
    }
}
