package dev.securedcontent.jwt.it;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;

/**
 * Compact JWS built with plain JCA from literal JSON, independent of jwt-core, so the recipe's
 * behaviour is also pinned against tokens no code of ours produced.
 */
final class HandMadeTokens {
    private HandMadeTokens() {}

    /** The payload Jamf Pro sends, expiring at {@code exp}. */
    static String jamfPayload(Instant exp) {
        return "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":" + exp.getEpochSecond() + "}";
    }

    /** header.payload.signature, RS256 over the base64url of the given JSON texts. */
    static String rs256(PrivateKey key, String headerJson, String payloadJson) {
        String signingInput = b64(headerJson) + "." + b64(payloadJson);
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JCA cannot sign RS256", e);
        }
    }

    /** An alg "none" token: header.payload. with an empty signature. */
    static String unsigned(String payloadJson) {
        return b64("{\"alg\":\"none\"}") + "." + b64(payloadJson) + ".";
    }

    static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
