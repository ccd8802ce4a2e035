package dev.securedcontent.jwt.it;

import dev.securedcontent.jwt.it.apache.RecipeApache;
import dev.securedcontent.jwt.it.gateway.ContentTokenJar;
import dev.securedcontent.jwt.it.haproxy.RecipeHaproxy;
import dev.securedcontent.jwt.it.lambdaedge.RecipeLambdaEdge;
import dev.securedcontent.jwt.it.nginx.RecipeNginx;
import dev.securedcontent.jwt.it.servlet.FilteredJetty;
import dev.securedcontent.jwt.it.worker.RecipeWorkerd;
import dev.securedcontent.jwt.server.ContentServer;
import dev.securedcontent.jwt.server.ContentServerOptions;
import java.net.URI;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Every enforcement point the project ships or compares itself with, and which shared tests each
 * is held to. The order is the conformance matrix's column order. Adding a web server: its recipe
 * folder, its launcher (a {@link EnforcementPoint.Launcher}) in a package named after the folder
 * (as {@code nginx.RecipeNginx}), and a line here.
 */
public final class EnforcementPoints {
    private EnforcementPoints() {}

    static final EnforcementPoint TEST_SERVER = EnforcementPoint.of("test-server", "`@SecuredContentServer`", EnforcementPoints::testServer)
            .matrix("test-server.md", Map.of());
    public static final EnforcementPoint NGINX = EnforcementPoint.of("nginx", "nginx recipe", RecipeNginx::point)
            .parity().load(20_000).matrix("../web-server/nginx/README.md", Map.of());
    public static final EnforcementPoint APACHE = EnforcementPoint.of("apache", "Apache recipe", RecipeApache::start)
            // mod_oauth2 answers 401 when the signature or exp fails, 403 when a Require fails.
            .load(5_000, Set.of(401, 403)).matrix("../web-server/apache/README.md", Map.of(
                    "lifetime-too-long", "mod_oauth2 has no lifetime cap, and Apache expressions cannot compute with time",
                    "signature-padded", "cjose decodes a padded signature",
                    "valid-exp-in-skew", "mod_oauth2 allows no clock skew after `exp`",
                    "valid-iat-nbf-past", "mod_oauth2 does not check `nbf`, so the recipe refuses any `nbf` rather than serve a future one",
                    "valid-kid", "the recipe pins the header's bytes; Apache expressions cannot decode base64url to read a `kid`"));
    public static final EnforcementPoint HAPROXY = EnforcementPoint.of("haproxy", "HAProxy recipe", RecipeHaproxy::start)
            .load(5_000).matrix("../web-server/haproxy/README.md", Map.of());
    static final EnforcementPoint WORKER = EnforcementPoint.of("cloudflare-worker", "Cloudflare Worker", RecipeWorkerd::point)
            // Every request is an RSA verification in JavaScript: no verdict cache at the edge.
            .parity().load(4_000).matrix("../web-server/cloudflare-worker/README.md", Map.of());
    static final EnforcementPoint SERVLET_FILTER = EnforcementPoint.of("servlet-filter", "servlet filter", FilteredJetty::point)
            .parity().load(10_000).matrix("servlet-filter.md", Map.of());
    static final EnforcementPoint LAMBDA_EDGE = EnforcementPoint.of("lambda-edge", "Lambda@Edge handler", RecipeLambdaEdge::point)
            .parity();
    public static final EnforcementPoint SERVE = EnforcementPoint.of("content-token-serve", "`content-token serve`", ContentTokenJar::serve)
            .parity().matrix("content-token.md", Map.of());
    /** In front of a stock nginx origin. */
    public static final EnforcementPoint PROXY = EnforcementPoint.of("content-token-proxy", "`content-token proxy`", ContentTokenJar::proxy)
            .parity().matrix("content-token.md", Map.of());
    /** Behind a stock nginx's auth_request, with the shipped snippets. */
    public static final EnforcementPoint CHECK_NGINX = EnforcementPoint.of("content-token-check-nginx",
            "`content-token check` (behind nginx)", ContentTokenJar::checkBehindNginx).parity().matrix("content-token.md", Map.of());
    public static final EnforcementPoint CHECK_CADDY = EnforcementPoint.of("content-token-check-caddy",
            "`content-token check` behind Caddy's forward_auth", ContentTokenJar::checkBehindCaddy).parity();
    /** Behind the auth location ingress-nginx generates for auth-url alone, on a stock nginx. */
    static final EnforcementPoint CHECK_INGRESS_NGINX = EnforcementPoint.of("content-token-check-ingress-nginx",
            "`content-token check` behind ingress-nginx's auth-url", ContentTokenJar::checkBehindIngressNginx).parity()
            // ingress-nginx answers a refusal with its own 401/403 page, without the check's headers.
            .withoutReasons();
    /** The Apache recipe without its Require expr lines: mod_oauth2 configured as its documentation shows. */
    static final EnforcementPoint APACHE_STOCK = EnforcementPoint.of("apache-mod-oauth2-alone", "mod_oauth2 alone",
            (root, dir, keys) -> RecipeApache.start(root, dir, keys, RecipeApache.modOauth2Alone())).matrix(null, Map.of(
                    "crit-unknown", "cjose ignores `crit`",
                    "lifetime-too-long", "no lifetime cap",
                    "nbf-future", "mod_oauth2 does not check `nbf`",
                    "ps256", "the algorithm is the token's, not pinned",
                    "rs512", "the algorithm is the token's, not pinned",
                    "signature-padded", "cjose decodes a padded signature",
                    "valid-exp-in-skew", "mod_oauth2 allows no clock skew after `exp`"));
    /** HAProxy's JWT converters as commonly set up: alg, signature, iss, sub, exp after now. */
    static final EnforcementPoint HAPROXY_STOCK = EnforcementPoint.of("haproxy-jwt-verify-alone", "HAProxy `jwt_verify` alone",
            (root, dir, keys) -> RecipeHaproxy.start(root, dir, keys, RecipeHaproxy.JWT_VERIFY_ALONE)).matrix(null, Map.of(
                    "crit-unknown", "the converters ignore `crit`",
                    "exp-fraction", "`jwt_payload_query(..., 'int')` turns 1767225600.5 into a number",
                    "exp-missing", "a missing `exp` leaves the variable unset, and an unset variable is not \"expired\"",
                    "exp-string", "`jwt_payload_query(..., 'int')` turns \"1767225600\" into a number",
                    "lifetime-too-long", "no lifetime cap unless configured",
                    "nbf-future", "`nbf` is not checked unless configured",
                    "valid-exp-in-skew", "`exp` is compared with `date()` without a clock skew unless configured"));

    /** Every point, in the matrix's column order: the Debian 13 runs of the recipes and stock modules last. */
    static final List<EnforcementPoint> ALL = List.of(
            TEST_SERVER, NGINX, APACHE, HAPROXY, WORKER, SERVLET_FILTER, LAMBDA_EDGE, SERVE, PROXY, CHECK_NGINX, CHECK_CADDY,
            CHECK_INGRESS_NGINX, APACHE_STOCK, HAPROXY_STOCK,
            NGINX.onDebian13(2_000), APACHE.onDebian13(1_000), HAPROXY.onDebian13(1_000),
            APACHE_STOCK.onDebian13(0), HAPROXY_STOCK.onDebian13(0));

    /** The points held to the parity tables (a @MethodSource). */
    static Stream<EnforcementPoint> parity() {
        return ALL.stream().filter(EnforcementPoint::inParity);
    }

    /** The points with a load run (a @MethodSource). */
    static Stream<EnforcementPoint> load() {
        return ALL.stream().filter(p -> p.loadRequests() > 0);
    }

    /** The matrix's columns, in order (a @MethodSource). */
    static Stream<EnforcementPoint> matrix() {
        return ALL.stream().filter(p -> p.matrix() != null);
    }

    /** The content server behind {@code @SecuredContentServer}, with its defaults, accepting {@code keys} too. */
    private static EnforcementPoint.Running testServer(ServerRoot root, Path dir, List<RSAPublicKey> keys) {
        ContentServerOptions options = ContentServerOptions.defaults();
        for (RSAPublicKey key : keys) {
            options = options.acceptAlso(key);
        }
        ContentServer server = ContentServer.start(options);
        return new EnforcementPoint.Running() {
            @Override
            public String contentPath() {
                return "/apps/app.ipa";
            }

            @Override
            public URI uri(String pathAndQuery) {
                return server.unsignedUrl(pathAndQuery);
            }

            @Override
            public byte[] content() {
                throw new UnsupportedOperationException("the test server's content is its classpath's");
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }
}
