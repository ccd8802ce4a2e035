package dev.securedcontent.jwt.core;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * What a key file holds: its PEM blocks (or its single DER structure) turned into typed entries,
 * before any decision about which one is wanted.
 */
final class KeyFileContent {
    /** One key-shaped thing found in a file, with a human-readable description of its form. */
    sealed interface Entry permits PlainPrivateKey, EncryptedPkcs8, EncryptedLegacyPem, PublicKeyInfo, Json, Other {
        String form();
    }

    record PlainPrivateKey(PrivateKeyInfo info, String form) implements Entry {}

    record EncryptedPkcs8(PKCS8EncryptedPrivateKeyInfo info, String form) implements Entry {}

    record EncryptedLegacyPem(PEMEncryptedKeyPair pair, String form) implements Entry {}

    /** A public key on its own or inside a certificate. */
    record PublicKeyInfo(SubjectPublicKeyInfo info, String form, boolean certificate) implements Entry {}

    record Json(String text, String form) implements Entry {}

    record Other(String form) implements Entry {}

    private static final Pattern BEGIN_LINE = Pattern.compile("-----BEGIN ([^-\\r\\n]{1,64})-----");
    private static final int DER_SEQUENCE = 0x30;

    private KeyFileContent() {}

    /**
     * Every entry in the bytes; never empty. Refuses (with a message naming {@code source}) what
     * is empty, not text and not DER, or text with no PEM block and no JSON.
     */
    static List<Entry> parse(byte[] bytes, String source) {
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb
                && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
        byte[] content = java.util.Arrays.copyOfRange(bytes, start, bytes.length);
        if (content.length > 0 && (content[0] & 0xff) == DER_SEQUENCE) {
            return List.of(parseDer(content, source, "DER"));
        }
        String text = decodeUtf8(content, source).strip();
        if (text.isEmpty()) {
            throw new KeyFileException(source + ": is empty; expected a PEM key file (a -----BEGIN ...----- block),"
                    + " DER, or a JWK/JWKS: check that the right file (or variable) was given");
        }
        if (!text.contains("\n") && text.contains("\\n")) {
            // An environment variable or .env file that carries the PEM with escaped newlines.
            text = text.replace("\\r\\n", "\n").replace("\\n", "\n");
        }
        if (BEGIN_LINE.matcher(text).find()) {
            return parsePem(text, source);
        }
        if (text.startsWith("{")) {
            return List.of(new Json(text, "JSON"));
        }
        byte[] bareDer = decodeBareBase64(text);
        if (bareDer != null && bareDer.length > 0 && (bareDer[0] & 0xff) == DER_SEQUENCE) {
            // A PEM body whose BEGIN/END lines were stripped (seen in CI secret stores).
            return List.of(parseDer(bareDer, source, "base64 DER without PEM lines"));
        }
        throw new KeyFileException(source + ": holds no key: no -----BEGIN ...----- line, not DER and not JSON;"
                + " expected a PEM key file such as the one `openssl genrsa -out key.pem 2048` writes");
    }

    private static String decodeUtf8(byte[] content, String source) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new KeyFileException(source + ": holds no key: it is binary but not DER (the first byte is not"
                    + " an ASN.1 SEQUENCE); expected a PEM or DER key file");
        }
    }

    private static byte[] decodeBareBase64(String text) {
        String compact = text.replaceAll("\\s+", "");
        if (compact.length() < 64) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(compact);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    private static List<Entry> parsePem(String text, String source) {
        List<String> labels = new ArrayList<>();
        Matcher matcher = BEGIN_LINE.matcher(text);
        while (matcher.find()) {
            labels.add(matcher.group(1));
        }
        List<Entry> entries = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            for (int index = 0; ; index++) {
                String label = index < labels.size() ? labels.get(index) : "?";
                String form = "BEGIN " + label;
                Object object;
                try {
                    object = parser.readObject();
                } catch (IOException | RuntimeException e) {
                    String message = String.valueOf(e.getMessage());
                    if (message.startsWith("unrecognised object")) {
                        // PEMParser has consumed the block; what it is not matters only if nothing else is found.
                        entries.add(new Other("a " + form + " block"));
                        continue;
                    }
                    // The cause is dropped on purpose: parser messages may quote the block's content.
                    String reason = message.contains("not found") ? "is incomplete (no END line)" : "is damaged";
                    throw new KeyFileException(source + ": the " + form + " block " + reason + " and cannot be read"
                            + " (" + e.getClass().getSimpleName() + "); replace the file with an intact copy");
                }
                if (object == null) {
                    break;
                }
                entries.add(pemEntry(object, form));
            }
        } catch (IOException closing) {
            throw new IllegalStateException("closing a StringReader cannot fail", closing);
        }
        if (entries.isEmpty()) {
            throw new KeyFileException(source + ": holds no complete PEM block (a -----BEGIN " + labels.get(0)
                    + "----- line without its END line?); replace the file with an intact copy");
        }
        return entries;
    }

    private static Entry pemEntry(Object object, String form) {
        if (object instanceof PEMKeyPair pair) {
            return new PlainPrivateKey(pair.getPrivateKeyInfo(), form);
        }
        if (object instanceof PrivateKeyInfo info) {
            return new PlainPrivateKey(info, form);
        }
        if (object instanceof PKCS8EncryptedPrivateKeyInfo info) {
            return new EncryptedPkcs8(info, form);
        }
        if (object instanceof PEMEncryptedKeyPair pair) {
            return new EncryptedLegacyPem(pair, form + " with Proc-Type: 4,ENCRYPTED");
        }
        if (object instanceof SubjectPublicKeyInfo info) {
            return new PublicKeyInfo(info, form, false);
        }
        if (object instanceof X509CertificateHolder certificate) {
            return new PublicKeyInfo(certificate.getSubjectPublicKeyInfo(), "X.509 certificate (" + form + ")", true);
        }
        return new Other("a " + form + " block");
    }

    /** Recognises DER by shape, so a .der file needs no hint of what it holds. */
    private static Entry parseDer(byte[] der, String source, String encoding) {
        ASN1Sequence sequence;
        try {
            if (!(ASN1Primitive.fromByteArray(der) instanceof ASN1Sequence parsed)) {
                throw new IOException("not a SEQUENCE");
            }
            sequence = parsed;
        } catch (IOException | RuntimeException e) {
            throw new KeyFileException(source + ": holds no key: it is binary but not valid DER ("
                    + e.getClass().getSimpleName() + "); expected a PEM or DER key file");
        }
        try {
            int size = sequence.size();
            Object first = sequence.getObjectAt(0);
            Object second = size > 1 ? sequence.getObjectAt(1) : null;
            if (size >= 3 && first instanceof ASN1Integer && second instanceof ASN1Sequence
                    && sequence.getObjectAt(2) instanceof ASN1OctetString) {
                return new PlainPrivateKey(PrivateKeyInfo.getInstance(sequence), encoding + " PKCS#8 private key");
            }
            if (size >= 9 && first instanceof ASN1Integer && second instanceof ASN1Integer) {
                PrivateKeyInfo info = new PrivateKeyInfo(
                        new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                        RSAPrivateKey.getInstance(sequence));
                return new PlainPrivateKey(info, encoding + " PKCS#1 RSA private key");
            }
            if (size == 2 && first instanceof ASN1Sequence && second instanceof ASN1OctetString) {
                return new EncryptedPkcs8(new PKCS8EncryptedPrivateKeyInfo(EncryptedPrivateKeyInfo.getInstance(sequence)),
                        encoding + " encrypted PKCS#8 private key");
            }
            if (size == 2 && first instanceof ASN1Sequence && second instanceof ASN1BitString) {
                return new PublicKeyInfo(SubjectPublicKeyInfo.getInstance(sequence), encoding + " public key (SPKI)", false);
            }
            if (size == 2 && first instanceof ASN1Integer && second instanceof ASN1Integer) {
                SubjectPublicKeyInfo info = new SubjectPublicKeyInfo(
                        new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                        RSAPublicKey.getInstance(sequence));
                return new PublicKeyInfo(info, encoding + " PKCS#1 RSA public key", false);
            }
            if (size == 3 && first instanceof ASN1Sequence && second instanceof ASN1Sequence
                    && sequence.getObjectAt(2) instanceof ASN1BitString) {
                Certificate certificate = Certificate.getInstance(sequence);
                return new PublicKeyInfo(certificate.getSubjectPublicKeyInfo(), encoding + " X.509 certificate", true);
            }
            if (size >= 2 && first instanceof ASN1Integer version && version.hasValue(1)
                    && second instanceof ASN1OctetString) {
                ECPrivateKey ec = ECPrivateKey.getInstance(sequence);
                AlgorithmIdentifier algorithm = new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                        ec.getParametersObject());
                return new PlainPrivateKey(new PrivateKeyInfo(algorithm, ec), encoding + " EC private key (SEC 1)");
            }
        } catch (IOException | RuntimeException e) {
            throw new KeyFileException(source + ": holds DER that looks like a key but is damaged ("
                    + e.getClass().getSimpleName() + "); replace the file with an intact copy");
        }
        return new Other(encoding + " that is not a key");
    }
}
