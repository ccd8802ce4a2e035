package dev.securedcontent.jwt.it;

import java.io.IOException;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Set;

/** web-server/apache in a real Apache httpd with mod_oauth2; the differences are those its README lists. */
class ApacheRecipeTest extends StockRecipeTest {

    /** Whose packages the recipe runs on: the machine's own (a subclass runs it on Debian 13's). */
    ServerRoot root() {
        return ServerRoot.HOST;
    }

    @Override
    RecipeServer start(Path dir, List<RSAPublicKey> keys) throws IOException {
        return RecipeApache.start(root(), dir, keys);
    }

    @Override
    Set<String> servedBadTokens() {
        return Set.of(
                // No lifetime cap in mod_oauth2, and Apache expressions cannot compute with time.
                "exp at the end of time",
                "lifetime beyond 120 minutes plus skew",
                // cjose's JSON and base64url parsing is more lenient than the library's.
                "duplicate exp in the payload",
                "duplicate iss in the payload",
                "non-canonical trailing bits in the signature",
                "payload JSON nested 100 deep");
    }

    @Override
    Set<String> refusedValidTokens() {
        return Set.of(
                // No clock skew for exp in mod_oauth2.
                "expired 30 s ago, within the 60 s skew",
                // The recipe accepts Jamf Pro's header {"alg":"RS256"} only.
                "jku present but ignored (signed by the trusted key)",
                "kid = RFC 7638 thumbprint of the trusted key",
                "kid = thumbprint",
                "typ JWT in the header",
                // The recipe refuses every token with nbf (mod_oauth2 does not check it; Jamf Pro never sets it).
                "nbf 30 s ahead, within the skew",
                "nbf and iat in the past");
    }

    @Override
    Set<String> wycheproofDifferences() {
        return Set.of();
    }

    @Override
    Set<String> refusedAcceptedShapes() {
        return Set.of(
                // Only the spelling Jamf Pro uses, token=<base64url>, is read.
                "name in mixed case",
                "name in upper case",
                "name percent-encoded",
                "value percent-encoded");
    }
}
