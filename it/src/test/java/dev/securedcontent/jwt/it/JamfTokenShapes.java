package dev.securedcontent.jwt.it;

import dev.securedcontent.jwt.core.RawJws;
import dev.securedcontent.jwt.core.RsaKeys;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tokens in the shapes Jamf Pro, or a JWT library or proxy in front of it, may send, which
 * jwt-core's verifier accepts (the audit's valid-* cases, alone and with typ JWT, as an admin's
 * openssl-made vectors had them), and their nearest refused neighbours. Every enforcement point
 * must serve the first and refuse the second.
 */
public final class JamfTokenShapes {
    private static final String TYP_JWT = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";

    private JamfTokenShapes() {}

    /** name to token: valid shapes, signed by {@code trusted}. */
    public static Map<String, String> valid(KeyPair trusted, Clock clock) {
        long now = clock.instant().getEpochSecond();
        String kid = RsaKeys.thumbprint((RSAPublicKey) trusted.getPublic());
        String jamf = jamf(now + 300);
        String timed = "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":" + (now + 300) + ",\"iat\":" + (now - 30)
                + ",\"nbf\":" + (now - 30) + "}";
        String reordered = "{\"exp\":" + (now + 300) + ",\"jti\":\"7c1e9b0a-3f52-4d8e-9a61-2b4f0c8d5e17\",\"iss\":\"JSS\","
                + "\"sub\":\"AppManifest\"}";
        String inSkew = jamf(now - 30);
        Map<String, String> shapes = new LinkedHashMap<>();
        shapes.put("Jamf Pro's form", sign(trusted, "{\"alg\":\"RS256\"}", jamf));
        shapes.put("typ JWT", sign(trusted, TYP_JWT, jamf));
        shapes.put("kid of the signing key", sign(trusted, "{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}", jamf));
        shapes.put("iat and nbf 30 s ago", sign(trusted, "{\"alg\":\"RS256\"}", timed));
        shapes.put("claims reordered, with a jti", sign(trusted, "{\"alg\":\"RS256\"}", reordered));
        shapes.put("exp 30 s ago, inside the 60 s skew", sign(trusted, "{\"alg\":\"RS256\"}", inSkew));
        shapes.put("typ JWT and kid", sign(trusted, "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}", jamf));
        shapes.put("typ JWT, iat and nbf 30 s ago", sign(trusted, TYP_JWT, timed));
        shapes.put("typ JWT, claims reordered, with a jti", sign(trusted, TYP_JWT, reordered));
        shapes.put("typ JWT, exp 30 s ago", sign(trusted, TYP_JWT, inSkew));
        return shapes;
    }

    /** name to token: the same shapes just past the verifier's limits, signed by {@code trusted}. */
    public static Map<String, String> refused(KeyPair trusted, Clock clock) {
        long now = clock.instant().getEpochSecond();
        Map<String, String> shapes = new LinkedHashMap<>();
        shapes.put("typ JWT, exp 90 s ago", sign(trusted, TYP_JWT, jamf(now - 90)));
        shapes.put("typ JWT, nbf 90 s ahead", sign(trusted, TYP_JWT, "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":"
                + (now + 300) + ",\"nbf\":" + (now + 90) + "}"));
        shapes.put("typ JWT, iat 90 s ahead", sign(trusted, TYP_JWT, "{\"iat\":" + (now + 90) + ",\"sub\":\"AppManifest\","
                + "\"iss\":\"JSS\",\"exp\":" + (now + 300) + "}"));
        shapes.put("typ JWT, crit", sign(trusted, "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"crit\":[\"x\"],\"x\":1}", jamf(now + 300)));
        return shapes;
    }

    private static String jamf(long exp) {
        return "{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":" + exp + "}";
    }

    private static String sign(KeyPair key, String header, String payload) {
        return RawJws.rs256(header, payload, key.getPrivate());
    }
}
