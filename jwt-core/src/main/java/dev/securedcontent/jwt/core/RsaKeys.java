package dev.securedcontent.jwt.core;

import dev.securedcontent.jwt.core.internal.AtomicFile;
import dev.securedcontent.jwt.core.internal.RegularFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Reads, derives, generates and writes the RSA keys of Jamf Pro content tokens, in every form
 * admins have them: PKCS#1 and PKCS#8 PEM, encrypted PKCS#8 and legacy encrypted PEM, DER, SPKI,
 * X.509 certificates, JWK and JWKS. Every failure is a {@link KeyFileException} naming the source.
 *
 * <p>Every key read or written is RSA with at least {@value #MIN_RSA_BITS} bits. Files are read
 * by content, not by name: the extension does not matter. Messages never contain key material
 * or a passphrase.
 */
public final class RsaKeys {
    /** Smallest RSA modulus accepted anywhere in this toolkit. */
    public static final int MIN_RSA_BITS = 2048;
    /** Default size of generated keys. */
    public static final int DEFAULT_RSA_BITS = 2048;

    /** A key file is a few KB; anything far larger is the wrong file, and is not read whole. */
    static final int MAX_KEY_FILE_BYTES = 1 << 20;

    private RsaKeys() {}

    /** The RSA private key in an unencrypted key file (PEM or DER, PKCS#1 or PKCS#8). */
    public static RSAPrivateCrtKey readPrivateKey(Path file) {
        return readPrivateKey(file, null);
    }

    /**
     * The RSA private key in a key file, decrypting it with {@code passphrase} when it is
     * encrypted (PKCS#8 {@code BEGIN ENCRYPTED PRIVATE KEY} with PBKDF2 or scrypt, or legacy
     * {@code Proc-Type: 4,ENCRYPTED}); the passphrase is ignored for an unencrypted key and may be null.
     */
    public static RSAPrivateCrtKey readPrivateKey(Path file, char[] passphrase) {
        Objects.requireNonNull(file, "file");
        return KeyFileReader.privateKey(readBounded(file), passphrase, file.toString());
    }

    /**
     * Reads a private key from text (for example an environment variable's value);
     * {@code sourceName} names it in errors, e.g. {@code "environment variable JWT_PRIVATE_KEY"}.
     * Besides PEM, the text may use literal {@code \n} escapes instead of newlines, or be the
     * base64 DER body without its BEGIN/END lines.
     */
    public static RSAPrivateCrtKey readPrivateKey(String pem, char[] passphrase, String sourceName) {
        Objects.requireNonNull(sourceName, "sourceName");
        if (pem == null) {
            throw new KeyFileException(sourceName + ": is not set; expected the PEM text of an RSA private key");
        }
        if (looksLikePath(pem)) {
            throw new KeyFileException(sourceName + ": holds what looks like a file path, not a key;"
                    + " give the key file's content (for example `JWT_PRIVATE_KEY=\"$(cat key.pem)\"`), or read the file");
        }
        return KeyFileReader.privateKey(pem.getBytes(StandardCharsets.UTF_8), passphrase, sourceName);
    }

    /** The first (or only) public key in the file. */
    public static RSAPublicKey readPublicKey(Path file) {
        return readPublicKeys(file).get(0);
    }

    /**
     * Every public key in the file, in file order, duplicates removed; never empty. A JWKS may
     * hold several, a PEM file one per block; other formats hold one. An unencrypted private key
     * gives its public half (Jamf Pro never shows its key again, so admins often have only the
     * private key). In a JWKS, entries that are not for RS256 signatures (another {@code kty},
     * {@code use} or {@code alg}) are skipped; an RSA signature key that is too small or broken
     * refuses the whole file, as does a JWKS with no RS256 key at all.
     */
    public static List<RSAPublicKey> readPublicKeys(Path file) {
        Objects.requireNonNull(file, "file");
        return KeyFileReader.publicKeys(readBounded(file), file.toString());
    }

    /** Every public key in text (for example an environment variable's value), as {@link #readPublicKeys(Path)}. */
    public static List<RSAPublicKey> readPublicKeys(String text, String sourceName) {
        Objects.requireNonNull(sourceName, "sourceName");
        if (text == null) {
            throw new KeyFileException(sourceName + ": is not set; expected the PEM text of an RSA public key");
        }
        return KeyFileReader.publicKeys(text.getBytes(StandardCharsets.UTF_8), sourceName);
    }

    /** The public half of a private key (Jamf Pro never shows its key again). */
    public static RSAPublicKey publicKeyOf(RSAPrivateCrtKey privateKey) {
        Objects.requireNonNull(privateKey, "privateKey");
        try {
            return (RSAPublicKey) KeyFileReader.rsaKeyFactory().generatePublic(
                    new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new KeyFileException("the private key has no valid public exponent and modulus ("
                    + e.getClass().getSimpleName() + "); read it again from its file");
        }
    }

    /** A new 2048-bit RSA key pair. */
    public static KeyPair generate() {
        return generate(DEFAULT_RSA_BITS);
    }

    /**
     * A new RSA key pair of 2048, 3072 or 4096 bits, public exponent 65537.
     *
     * @throws IllegalArgumentException for any other size
     */
    public static KeyPair generate(int bits) {
        if (bits != 2048 && bits != 3072 && bits != 4096) {
            throw new IllegalArgumentException("RSA key size " + bits + " is not offered; use 2048 (the default,"
                    + " what Jamf Pro's docs show), 3072 or 4096");
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime can generate RSA keys", e);
        }
    }

    /**
     * PKCS#8 PEM ({@code BEGIN PRIVATE KEY}), owner-only permissions, atomic, never over an existing file.
     * Missing parent directories are created. On a POSIX file system the file is created with
     * mode 600 before anything is written into it.
     */
    public static void writePrivateKey(Path file, RSAPrivateCrtKey key) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(key, "key");
        KeyFileReader.requireStrength(key.getModulus(), "private", file.toString());
        byte[] der = key.getEncoded();
        if (der == null || !"PKCS#8".equals(key.getFormat())) {
            throw new KeyFileException(file + ": the key cannot be exported as PKCS#8 (format "
                    + key.getFormat() + ", e.g. a hardware token's key); keys held by a device stay there");
        }
        KeyFileWriter.write(file, pem("PRIVATE KEY", der).getBytes(StandardCharsets.US_ASCII), AtomicFile.Access.OWNER_ONLY);
    }

    /** SPKI PEM ({@code BEGIN PUBLIC KEY}), mode 644, atomic, never over an existing file. */
    public static void writePublicKey(Path file, RSAPublicKey key) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(key, "key");
        KeyFileReader.requireStrength(key.getModulus(), "public", file.toString());
        KeyFileWriter.write(file, toPem(key).getBytes(StandardCharsets.US_ASCII), AtomicFile.Access.WORLD_READABLE);
    }

    /**
     * JWKS ({@code {"keys":[...]}}) with {@code kty, kid=RFC 7638 thumbprint, use=sig, alg=RS256, n, e},
     * mode 644, atomic, never over an existing file.
     */
    public static void writeJwks(Path file, List<RSAPublicKey> keys) {
        Objects.requireNonNull(file, "file");
        String jwks = jwks(keys, file.toString());
        KeyFileWriter.write(file, jwks.getBytes(StandardCharsets.US_ASCII), AtomicFile.Access.WORLD_READABLE);
    }

    /** The JWKS document as a String (same content as {@link #writeJwks}). */
    public static String toJwks(List<RSAPublicKey> keys) {
        return jwks(keys, "JWKS");
    }

    private static String jwks(List<RSAPublicKey> keys, String source) {
        Objects.requireNonNull(keys, "keys");
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(source + ": a JWKS needs at least one key");
        }
        for (RSAPublicKey key : keys) {
            KeyFileReader.requireStrength(Objects.requireNonNull(key, "keys[i]").getModulus(), "public", source);
        }
        return JsonWebKeys.toJwks(keys);
    }

    /** RFC 7638 JWK SHA-256 thumbprint, base64url without padding. */
    public static String thumbprint(RSAPublicKey key) {
        return JsonWebKeys.thumbprint(Objects.requireNonNull(key, "key"));
    }

    /** SPKI PEM text of a public key ({@code BEGIN PUBLIC KEY}, 64-character lines, LF). */
    public static String toPem(RSAPublicKey key) {
        Objects.requireNonNull(key, "key");
        return pem("PUBLIC KEY", key.getEncoded());
    }

    private static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    private static boolean looksLikePath(String text) {
        String trimmed = text.strip();
        return !trimmed.isEmpty() && trimmed.length() < 4096 && !trimmed.contains("\n") && !trimmed.contains("-----")
                && (trimmed.startsWith("/") || trimmed.startsWith("~") || trimmed.startsWith("./")
                        || trimmed.matches("(?i)[a-z]:\\\\.*") || trimmed.matches("(?i).*\\.(pem|key|der|crt|cer)"));
    }

    private static byte[] readBounded(Path file) {
        try (InputStream in = RegularFile.open(file)) {
            byte[] bytes = in.readNBytes(MAX_KEY_FILE_BYTES + 1);
            if (bytes.length > MAX_KEY_FILE_BYTES) {
                throw new KeyFileException(file + ": is larger than " + (MAX_KEY_FILE_BYTES >> 10)
                        + " KB; a key file is a few KB: check that this is the key file");
            }
            return bytes;
        } catch (RegularFile.NotRegularFileException e) {
            throw new KeyFileException(file + ": is " + e.kind() + ", not a key file; give the key file's path");
        } catch (NoSuchFileException e) {
            throw new KeyFileException(file + ": no such file (relative paths start at "
                    + Paths.get("").toAbsolutePath() + "); check the path", e);
        } catch (AccessDeniedException e) {
            throw new KeyFileException(file + ": cannot be read: permission denied; run as the user that owns"
                    + " the key, or give that user read access", e);
        } catch (IOException e) {
            throw new KeyFileException(file + ": cannot be read (" + e.getClass().getSimpleName() + "); check the path",
                    e);
        }
    }
}
