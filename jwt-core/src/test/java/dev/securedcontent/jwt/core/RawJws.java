package dev.securedcontent.jwt.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Compact JWS built from the exact header and payload texts and a key, with nothing but plain JCA
 * ({@link Signature}, {@link Mac}) and {@link Base64#getUrlEncoder()}: no code of jwt-core's, so a
 * test of the signer or the verifier never checks tokens against themselves. The one builder of
 * hand-made tokens for every module's tests (through jwt-test-data); the shapes and the meaning
 * of a token (Jamf's payload, the bad-token corpus) are the caller's.
 */
public final class RawJws {
    /** {@code {"alg":"none"}}. */
    public static final String ALG_NONE_HEADER = "{\"alg\":\"none\"}";

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private RawJws() {}

    /** header.payload.signature, RS256 (RSASSA-PKCS1-v1_5 with SHA-256) over the base64url of the texts. */
    public static String rs256(String headerJson, String payloadJson, PrivateKey key) {
        return sign(headerJson, payloadJson, key, "SHA256withRSA");
    }

    /** header.payload.signature, signed with the JCA signature algorithm {@code jcaAlgorithm} (e.g. SHA512withRSA). */
    public static String sign(String headerJson, String payloadJson, PrivateKey key, String jcaAlgorithm) {
        return sign(utf8(headerJson), utf8(payloadJson), key, jcaAlgorithm);
    }

    /** The same over raw header and payload bytes (a byte order mark, invalid UTF-8, a deflated payload). */
    public static String sign(byte[] header, byte[] payload, PrivateKey key, String jcaAlgorithm) {
        return signInput(b64(header) + "." + b64(payload), key, jcaAlgorithm, null);
    }

    /** PS256 with a zero-length salt: deterministic for a fixed key, which a verdict never depends on. */
    public static String ps256(String headerJson, String payloadJson, PrivateKey key) {
        return signInput(b64(headerJson) + "." + b64(payloadJson), key, "RSASSA-PSS",
                new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 0, 1));
    }

    /** header.payload.mac with the JCA MAC algorithm {@code macAlgorithm} (e.g. HmacSHA256) keyed by {@code secret}. */
    public static String hmac(String headerJson, String payloadJson, byte[] secret, String macAlgorithm) {
        String signingInput = b64(headerJson) + "." + b64(payloadJson);
        try {
            Mac mac = Mac.getInstance(macAlgorithm);
            mac.init(new SecretKeySpec(secret, macAlgorithm));
            return signingInput + "." + b64(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JCA cannot compute " + macAlgorithm, e);
        }
    }

    /** header.payload. with an empty signature. */
    public static String unsigned(String headerJson, String payloadJson) {
        return b64(headerJson) + "." + b64(payloadJson) + ".";
    }

    /** An {@code alg none} token: {@link #ALG_NONE_HEADER}, the payload and an empty signature. */
    public static String algNone(String payloadJson) {
        return unsigned(ALG_NONE_HEADER, payloadJson);
    }

    /** Base64url without padding of the UTF-8 bytes of {@code text}. */
    public static String b64(String text) {
        return b64(utf8(text));
    }

    /** Base64url without padding. */
    public static String b64(byte[] bytes) {
        return BASE64URL.encodeToString(bytes);
    }

    private static String signInput(String signingInput, PrivateKey key, String algorithm, PSSParameterSpec pss) {
        try {
            Signature signature = Signature.getInstance(algorithm);
            if (pss != null) {
                signature.setParameter(pss);
            }
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JCA cannot sign with " + algorithm, e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
