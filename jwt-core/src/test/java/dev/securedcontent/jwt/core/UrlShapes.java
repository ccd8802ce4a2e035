package dev.securedcontent.jwt.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shared table of URL shapes: how a download URL may carry (or fail to carry) the token, and the
 * verdict every enforcement point must give for it. jwt-core's verifier, the test server and each
 * web-server recipe run this one table, so none of them reads the token parameter differently.
 */
public final class UrlShapes {

    /**
     * One URL shape.
     *
     * @param name     what the shape is
     * @param query    the raw query (without '?'), with {@code {token}} for a valid token; null for no query
     * @param rejected the verdict: empty when the token is accepted, else the rejection reason
     */
    public record Shape(String name, String query, Optional<RejectionReason> rejected) {
        /** The raw query with {@code token} put in; null when the shape has no query. */
        public String query(String token) {
            return query == null ? null : query.replace("{token}", token);
        }

        /** {@code path} with this shape's query. */
        public String pathAndQuery(String path, String token) {
            return query == null ? path : path + "?" + query(token);
        }
    }

    private UrlShapes() {}

    /** Every shape, for a valid token {@code token} (needed to build the percent-encoded variants). */
    public static List<Shape> all(String token) {
        String firstEncoded = "%" + Integer.toHexString(token.charAt(0)).toUpperCase() + token.substring(1);
        Map<String, Shape> shapes = new LinkedHashMap<>();
        accepted(shapes, "token alone", "token={token}");
        accepted(shapes, "token after other parameters", "a=1&b=&token={token}&c");
        accepted(shapes, "name in upper case", "TOKEN={token}");
        accepted(shapes, "name in mixed case", "Token={token}");
        accepted(shapes, "name percent-encoded", "%74oken={token}");
        accepted(shapes, "value percent-encoded", "token=" + firstEncoded);
        rejected(shapes, "no query", null, RejectionReason.MISSING);
        rejected(shapes, "no token parameter", "a=1", RejectionReason.MISSING);
        rejected(shapes, "similar name only", "tokens={token}", RejectionReason.MISSING);
        rejected(shapes, "token without '='", "token", RejectionReason.MISSING);
        rejected(shapes, "empty token", "token=&a=1", RejectionReason.MISSING);
        rejected(shapes, "token twice", "token={token}&token={token}", RejectionReason.AMBIGUOUS);
        rejected(shapes, "token and an empty token", "token={token}&token=", RejectionReason.AMBIGUOUS);
        rejected(shapes, "token and TOKEN", "token={token}&TOKEN=x", RejectionReason.AMBIGUOUS);
        rejected(shapes, "token and %74oken", "token={token}&%74oken={token}", RejectionReason.AMBIGUOUS);
        rejected(shapes, "percent-encoded invalid UTF-8", "token=%C0%AF{token}", RejectionReason.MALFORMED);
        rejected(shapes, "plus sign in the value", "token=+{token}", RejectionReason.MALFORMED);
        return List.copyOf(shapes.values());
    }

    private static void accepted(Map<String, Shape> shapes, String name, String query) {
        shapes.put(name, new Shape(name, query, Optional.empty()));
    }

    private static void rejected(Map<String, Shape> shapes, String name, String query, RejectionReason reason) {
        shapes.put(name, new Shape(name, query, Optional.of(reason)));
    }
}
