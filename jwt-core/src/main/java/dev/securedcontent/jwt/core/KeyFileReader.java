package dev.securedcontent.jwt.core;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.misc.MiscObjectIdentifiers;
import org.bouncycastle.asn1.misc.ScryptParams;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBEParameter;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCS12PBEParams;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;

import dev.securedcontent.jwt.core.KeyFileContent.EncryptedLegacyPem;
import dev.securedcontent.jwt.core.KeyFileContent.EncryptedPkcs8;
import dev.securedcontent.jwt.core.KeyFileContent.Entry;
import dev.securedcontent.jwt.core.KeyFileContent.Json;
import dev.securedcontent.jwt.core.KeyFileContent.Other;
import dev.securedcontent.jwt.core.KeyFileContent.PlainPrivateKey;
import dev.securedcontent.jwt.core.KeyFileContent.PublicKeyInfo;

/** Turns what a key file holds into the one RSA key wanted, or refuses it with the reason and the fix. */
final class KeyFileReader {
    static final String NEW_KEY_FIX = "`openssl genrsa -out key.pem 2048`";

    private KeyFileReader() {}

    static RSAPrivateCrtKey privateKey(byte[] bytes, char[] passphrase, String source) {
        List<Entry> entries = KeyFileContent.parse(bytes, source);
        List<Entry> privateEntries = entries.stream()
                .filter(e -> e instanceof PlainPrivateKey || e instanceof EncryptedPkcs8 || e instanceof EncryptedLegacyPem)
                .toList();
        if (privateEntries.size() > 1) {
            throw new KeyFileException(source + ": holds " + privateEntries.size()
                    + " private keys; keep exactly one private key per file");
        }
        if (privateEntries.isEmpty()) {
            throw new KeyFileException(source + ": holds " + describe(entries.get(0)) + ", not a private key;"
                    + " signing needs the RSA private key configured in Jamf Pro (BEGIN PRIVATE KEY or"
                    + " BEGIN RSA PRIVATE KEY), as made by " + NEW_KEY_FIX);
        }
        return toRsaPrivateKey(decrypt(privateEntries.get(0), passphrase, source), source);
    }

    /**
     * Every public key in the content, in file order, duplicates removed. A private key yields
     * its public half, so an admin who only has the key Jamf Pro was given can still verify.
     */
    static List<RSAPublicKey> publicKeys(byte[] bytes, String source) {
        List<Entry> entries = KeyFileContent.parse(bytes, source);
        Set<RSAPublicKey> keys = new LinkedHashSet<>();
        for (Entry entry : entries) {
            if (entry instanceof Json json) {
                keys.addAll(JsonWebKeys.read(json.text(), source));
            } else if (entry instanceof PublicKeyInfo info) {
                keys.add(toRsaPublicKey(info.info(), info.form(), source));
            } else if (entry instanceof PlainPrivateKey key) {
                keys.add(RsaKeys.publicKeyOf(toRsaPrivateKey(key, source)));
            } else if (entry instanceof EncryptedPkcs8 || entry instanceof EncryptedLegacyPem) {
                throw new KeyFileException(source + ": holds an encrypted private key (" + entry.form()
                        + ") where a public key is wanted; export its public key once with"
                        + " `openssl pkey -in key.pem -pubout -out public.pem` and give that file");
            } else {
                throw new KeyFileException(source + ": holds " + describe(entry) + ", not an RSA public key;"
                        + " expected BEGIN PUBLIC KEY, BEGIN RSA PUBLIC KEY, a certificate, a JWK or a JWKS");
            }
        }
        return List.copyOf(new ArrayList<>(keys));
    }

    private static PlainPrivateKey decrypt(Entry entry, char[] passphrase, String source) {
        if (entry instanceof PlainPrivateKey plain) {
            return plain;
        }
        if (passphrase == null || passphrase.length == 0) {
            throw new KeyFileException(source + ": is an encrypted private key (" + entry.form()
                    + ") and no passphrase was given; give its passphrase, or store it decrypted with owner-only"
                    + " permissions (`openssl pkey -in encrypted.pem -out key.pem`)");
        }
        if (entry instanceof EncryptedPkcs8 encrypted) {
            String algorithm = encryptionName(encrypted.info().getEncryptionAlgorithm());
            refuseExcessiveDerivationCost(encrypted.info().getEncryptionAlgorithm(), source, entry.form() + ", " + algorithm);
            try {
                // Unlike JceOpenSSLPKCS8DecryptorProviderBuilder, this one also knows scrypt (openssl pkcs8 -scrypt).
                PrivateKeyInfo info = encrypted.info().decryptPrivateKeyInfo(
                        new JcePKCSPBEInputDecryptorProviderBuilder().setProvider(Bc.PROVIDER).build(passphrase));
                return new PlainPrivateKey(info, entry.form());
            } catch (Exception e) {
                // No cause: decryption failures can carry fragments of the decrypted bytes.
                throw decryptionFailed(e, source, entry.form() + ", " + algorithm);
            }
        }
        EncryptedLegacyPem legacy = (EncryptedLegacyPem) entry;
        String algorithm = legacy.pair().getDekAlgName();
        try {
            PEMKeyPair pair = legacy.pair().decryptKeyPair(
                    new JcePEMDecryptorProviderBuilder().setProvider(Bc.PROVIDER).build(passphrase));
            return new PlainPrivateKey(pair.getPrivateKeyInfo(), entry.form());
        } catch (Exception e) {
            throw decryptionFailed(e, source, entry.form() + ", DEK-Info " + algorithm);
        }
    }

    /** Highest PBKDF2 / PKCS#12 / PBES1 iteration count accepted: openssl writes 2048, OWASP suggests 600,000. */
    static final long MAX_KDF_ITERATIONS = 10_000_000L;
    /** Highest scrypt memory (128 * N * r bytes) accepted: twice openssl's own 32 MiB default limit. */
    static final long MAX_SCRYPT_MEMORY = 64L * 1024 * 1024;
    /** Highest scrypt parallelisation accepted; openssl writes 1. */
    static final long MAX_SCRYPT_PARALLELISM = 16;

    /**
     * The key-derivation parameters come from the file, so a crafted file could otherwise make the
     * reader spin for hours (PBKDF2 with 2^31 iterations) or allocate gigabytes (scrypt N = 2^24)
     * before the passphrase is even checked. Refuse such costs up front.
     */
    private static void refuseExcessiveDerivationCost(AlgorithmIdentifier algorithm, String source, String form) {
        String problem = null;
        try {
            ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
            if (PKCSObjectIdentifiers.id_PBES2.equals(oid)) {
                PBES2Parameters parameters = PBES2Parameters.getInstance(algorithm.getParameters());
                KeyDerivationFunc kdf = parameters.getKeyDerivationFunc();
                if (PKCSObjectIdentifiers.id_PBKDF2.equals(kdf.getAlgorithm())) {
                    BigInteger iterations = PBKDF2Params.getInstance(kdf.getParameters()).getIterationCount();
                    if (iterations.compareTo(BigInteger.valueOf(MAX_KDF_ITERATIONS)) > 0) {
                        problem = "PBKDF2 iteration count " + iterations + " is above " + MAX_KDF_ITERATIONS;
                    }
                } else if (MiscObjectIdentifiers.id_scrypt.equals(kdf.getAlgorithm())) {
                    ScryptParams scrypt = ScryptParams.getInstance(kdf.getParameters());
                    BigInteger memory = scrypt.getCostParameter().multiply(scrypt.getBlockSize())
                            .multiply(BigInteger.valueOf(128));
                    if (memory.compareTo(BigInteger.valueOf(MAX_SCRYPT_MEMORY)) > 0) {
                        problem = "scrypt needs " + memory + " bytes of memory (N=" + scrypt.getCostParameter()
                                + ", r=" + scrypt.getBlockSize() + "), above " + MAX_SCRYPT_MEMORY;
                    } else if (scrypt.getParallelizationParameter()
                            .compareTo(BigInteger.valueOf(MAX_SCRYPT_PARALLELISM)) > 0) {
                        problem = "scrypt parallelisation p=" + scrypt.getParallelizationParameter() + " is above "
                                + MAX_SCRYPT_PARALLELISM;
                    }
                }
            } else if (oid.getId().startsWith(PKCSObjectIdentifiers.pkcs_12PbeIds.getId() + ".")) {
                BigInteger iterations = PKCS12PBEParams.getInstance(algorithm.getParameters()).getIterations();
                if (iterations.compareTo(BigInteger.valueOf(MAX_KDF_ITERATIONS)) > 0) {
                    problem = "PKCS#12 PBE iteration count " + iterations + " is above " + MAX_KDF_ITERATIONS;
                }
            } else if (oid.getId().startsWith(PKCSObjectIdentifiers.pkcs_5.getId() + ".")) {
                BigInteger iterations = PBEParameter.getInstance(algorithm.getParameters()).getIterationCount();
                if (iterations.compareTo(BigInteger.valueOf(MAX_KDF_ITERATIONS)) > 0) {
                    problem = "PBES1 iteration count " + iterations + " is above " + MAX_KDF_ITERATIONS;
                }
            }
        } catch (RuntimeException malformed) {
            problem = "its encryption parameters are malformed";
        }
        if (problem != null) {
            throw new KeyFileException(source + ": is an encrypted private key (" + form + ") whose key derivation"
                    + " is too expensive to attempt: " + problem + "; re-encrypt it with openssl's defaults"
                    + " (`openssl pkcs8 -topk8 -in key.pem -out encrypted.pem`)");
        }
    }

    private static KeyFileException decryptionFailed(Exception failure, String source, String form) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof OperatorCreationException || t instanceof NoSuchAlgorithmException) {
                return new KeyFileException(source + ": is encrypted with a scheme this reader does not support ("
                        + form + "); re-encrypt it with `openssl pkcs8 -topk8 -in key.pem -out encrypted.pem`"
                        + " (AES-256-CBC with PBKDF2)");
            }
        }
        return new KeyFileException(source + ": could not be decrypted with the given passphrase (" + form
                + "); check the passphrase (`openssl pkey -in key.pem -noout` asks for it and says whether it"
                + " is right)");
    }

    /** Names the key derivation and cipher, e.g. "PBES2 with scrypt and AES-256-CBC", for messages. */
    private static String encryptionName(AlgorithmIdentifier algorithm) {
        ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
        if (!PKCSObjectIdentifiers.id_PBES2.equals(oid)) {
            return oidName(oid);
        }
        try {
            PBES2Parameters parameters = PBES2Parameters.getInstance(algorithm.getParameters());
            return "PBES2 with " + oidName(parameters.getKeyDerivationFunc().getAlgorithm()) + " and "
                    + oidName(parameters.getEncryptionScheme().getAlgorithm());
        } catch (RuntimeException malformed) {
            return "PBES2";
        }
    }

    private static String oidName(ASN1ObjectIdentifier oid) {
        switch (oid.getId()) {
            case "1.2.840.113549.1.5.12":
                return "PBKDF2";
            case "1.3.6.1.4.1.11591.4.11":
                return "scrypt";
            case "2.16.840.1.101.3.4.1.2":
                return "AES-128-CBC";
            case "2.16.840.1.101.3.4.1.22":
                return "AES-192-CBC";
            case "2.16.840.1.101.3.4.1.42":
                return "AES-256-CBC";
            case "1.2.840.113549.3.7":
                return "DES-EDE3-CBC";
            case "1.2.840.113549.1.12.1.3":
                return "PKCS#12 PBE with SHA-1 and 3DES";
            default:
                return "algorithm " + oid.getId();
        }
    }

    static RSAPrivateCrtKey toRsaPrivateKey(PlainPrivateKey entry, String source) {
        PrivateKeyInfo info = entry.info();
        requireRsa(info.getPrivateKeyAlgorithm(), "private", source);
        RSAPrivateCrtKey key;
        try {
            if (!(rsaKeyFactory().generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded())) instanceof RSAPrivateCrtKey crt)) {
                throw new KeyFileException(source + ": is an RSA private key without its CRT parameters (p, q, ...),"
                        + " which cannot give its public key; export it again with"
                        + " `openssl pkey -in old.pem -out key.pem`");
            }
            key = crt;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (e instanceof KeyFileException refusal) {
                throw refusal;
            }
            throw new KeyFileException(source + ": holds an RSA private key (" + entry.form()
                    + ") whose contents are damaged (" + e.getClass().getSimpleName()
                    + "); replace the file with an intact copy");
        }
        requireStrength(key.getModulus(), "private", source);
        if (!key.getPrimeP().multiply(key.getPrimeQ()).equals(key.getModulus())) {
            // A damaged key would sign tokens that no verifier accepts; better to stop here.
            throw new KeyFileException(source + ": holds an RSA private key whose primes do not match its modulus"
                    + " (damaged file); replace the file with an intact copy");
        }
        return key;
    }

    static RSAPublicKey toRsaPublicKey(SubjectPublicKeyInfo info, String form, String source) {
        requireRsa(info.getAlgorithm(), "public", source);
        RSAPublicKey key;
        try {
            key = (RSAPublicKey) rsaKeyFactory().generatePublic(new X509EncodedKeySpec(info.getEncoded()));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new KeyFileException(source + ": holds an RSA public key (" + form + ") whose contents are damaged ("
                    + e.getClass().getSimpleName() + "); replace the file with an intact copy");
        }
        requireStrength(key.getModulus(), "public", source);
        return key;
    }

    static RSAPublicKey rsaPublicKey(BigInteger modulus, BigInteger exponent, String source) {
        try {
            RSAPublicKey key = (RSAPublicKey) rsaKeyFactory().generatePublic(new RSAPublicKeySpec(modulus, exponent));
            requireStrength(key.getModulus(), "public", source);
            return key;
        } catch (GeneralSecurityException | RuntimeException e) {
            if (e instanceof KeyFileException refusal) {
                throw refusal;
            }
            throw new KeyFileException(source + ": is not a valid RSA public key (" + e.getClass().getSimpleName()
                    + "); check its n and e");
        }
    }

    static void requireStrength(BigInteger modulus, String kind, String source) {
        int bits = modulus.bitLength();
        if (bits < RsaKeys.MIN_RSA_BITS) {
            String fix = kind.equals("private")
                    ? "make a new one with " + NEW_KEY_FIX + " and configure it in Jamf Pro"
                    : "the signing key must be replaced with a new one, made with " + NEW_KEY_FIX;
            throw new KeyFileException(source + ": RSA key is " + bits + " bits; RS256 needs "
                    + RsaKeys.MIN_RSA_BITS + " or more: " + fix);
        }
    }

    private static void requireRsa(AlgorithmIdentifier algorithm, String kind, String source) {
        if (!PKCSObjectIdentifiers.rsaEncryption.equals(algorithm.getAlgorithm())) {
            throw new KeyFileException(source + ": is " + keyTypeName(algorithm) + " " + kind + " key;"
                    + " Jamf Pro content tokens are RS256 and need an RSA key: make one with " + NEW_KEY_FIX);
        }
    }

    private static String keyTypeName(AlgorithmIdentifier algorithm) {
        String oid = algorithm.getAlgorithm().getId();
        switch (oid) {
            case "1.2.840.10045.2.1":
                String curve = null;
                if (algorithm.getParameters() instanceof ASN1ObjectIdentifier named) {
                    curve = ECNamedCurveTable.getName(named);
                }
                return curve == null ? "an EC" : "an EC (" + curve + ")";
            case "1.3.101.112":
                return "an Ed25519";
            case "1.3.101.113":
                return "an Ed448";
            case "1.3.101.110":
                return "an X25519";
            case "1.3.101.111":
                return "an X448";
            case "1.2.840.10040.4.1":
                return "a DSA";
            case "1.2.840.113549.1.1.10":
                return "an RSA-PSS (RSASSA-PSS, restricted to PSS signatures)";
            case "1.2.840.113549.1.3.1":
            case "1.2.840.10046.2.1":
                return "a Diffie-Hellman";
            default:
                return "a non-RSA (algorithm " + oid + ")";
        }
    }

    private static String describe(Entry entry) {
        if (entry instanceof PublicKeyInfo info) {
            return info.certificate() ? "a certificate (" + info.form() + ")" : "a public key (" + info.form() + ")";
        }
        if (entry instanceof Json json) {
            return "a JSON Web Key (" + json.form() + ")";
        }
        if (entry instanceof Other other) {
            return other.form();
        }
        return entry.form();
    }

    static KeyFactory rsaKeyFactory() {
        try {
            return KeyFactory.getInstance("RSA");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has an RSA KeyFactory", e);
        }
    }

    /** One BouncyCastle provider for the decryptors, never registered with the JCA. */
    private static final class Bc {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }
}
