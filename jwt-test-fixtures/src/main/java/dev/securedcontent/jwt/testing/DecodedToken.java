package dev.securedcontent.jwt.testing;

import com.github.tomakehurst.wiremock.common.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * A token's header and payload, decoded without any checks (assertions read claims of invalid
 * tokens too). JSON is read with WireMock's shaded Jackson, already on the classpath.
 */
record DecodedToken(Map<String, Object> header, Map<String, Object> claims) {

    /** Why a string is not a readable token. */
    static final class NotAToken extends Exception {
        private static final long serialVersionUID = 1L;

        NotAToken(String message) {
            super(message, null, false, false);
        }
    }

    static DecodedToken decode(String token) throws NotAToken {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new NotAToken("it has " + parts.length + " dot-separated segment(s), a compact JWS has 3");
        }
        return new DecodedToken(json(parts[0], "header"), json(parts[1], "payload"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String segment, String name) throws NotAToken {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(segment), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new NotAToken("its " + name + " is not base64url: " + e.getMessage());
        }
        try {
            Object value = Json.read(text, Object.class);
            if (!(value instanceof Map)) {
                throw new NotAToken("its " + name + " is not a JSON object");
            }
            return (Map<String, Object>) value;
        } catch (RuntimeException e) {
            throw new NotAToken("its " + name + " is not JSON");
        }
    }
}
