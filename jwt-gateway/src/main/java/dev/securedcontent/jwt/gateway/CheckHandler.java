package dev.securedcontent.jwt.gateway;

import dev.securedcontent.jwt.core.ContentTokenVerifier;
import dev.securedcontent.jwt.core.RejectionReason;
import dev.securedcontent.jwt.core.TokenRejectedException;
import dev.securedcontent.jwt.core.VerifiedContentToken;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code check}'s answer to every request: the verdict on the original request a front proxy names
 * in {@value #ORIGINAL_URI} (nginx), {@value #ORIGINAL_URL} (ingress-nginx) or {@value #FORWARDED_URI}
 * (Caddy, Traefik). The verdicts and the refusals' form are
 * {@code ContentTokenFilter}'s (the same {@link ContentTokenVerifier}, {@link RejectionReason#responseBody()}),
 * but in a Jetty handler of its own, run in the selector thread that read the request: a check
 * request has no content to serve, and the servlet layer and the hand-off to a pool thread cost
 * more CPU than a verdict-cache answer itself (about 40 against 16 us a cached check, see
 * docs/benchmarks.md). Nothing here waits: a check whose turn in the budget is not yet due waits
 * in a pool thread; the key files are looked at once a second (a stat, a read when they changed).
 */
final class CheckHandler extends Handler.Abstract {
    static final String ORIGINAL_URI = "X-Original-URI";
    static final String FORWARDED_URI = "X-Forwarded-Uri";
    /** ingress-nginx's auth-url location sets this one always, X-Original-URI only with an auth-method. */
    static final String ORIGINAL_URL = "X-Original-URL";
    static final String FORWARDED_METHOD = "X-Forwarded-Method";
    /** How long a front proxy may keep an allow at most: a removed key's verdicts are gone from it within this. */
    static final long MAX_CACHE_SECONDS = 60;
    /** What serve answers besides 405, and so what a token lets through a check. */
    static final Set<String> CONTENT_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private static final System.Logger LOG = System.getLogger(CheckHandler.class.getName());
    private static final String TEXT = "text/plain;charset=utf-8";
    private static final byte[] NO_URI = ("no " + ORIGINAL_URI + ", " + ORIGINAL_URL + " or " + FORWARDED_URI + " header: configure the proxy to "
            + "send the original request URI (nginx: proxy_set_header X-Original-URI $request_uri;)\n").getBytes(StandardCharsets.UTF_8);
    private static final byte[] NOT_ALLOWED = "405 Method Not Allowed\n".getBytes(StandardCharsets.UTF_8);

    private final ReloadingKeys keys;
    private final GatewayMetrics metrics;
    private final CheckBudget budget;
    private final Clock clock;

    CheckHandler(ReloadingKeys keys, GatewayMetrics metrics, Clock clock) {
        super(InvocationType.NON_BLOCKING);
        this.keys = keys;
        this.budget = keys.budget();
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        // One pass over the headers: those naming the original request, and whether one is repeated.
        String originalUri = null;
        String originalUrl = null;
        String forwardedUri = null;
        String forwardedMethod = null;
        boolean repeated = false;
        for (HttpField field : request.getHeaders()) {
            if (field.is(ORIGINAL_URI)) {
                repeated |= originalUri != null;
                originalUri = originalUri == null ? field.getValue() : originalUri;
            } else if (field.is(ORIGINAL_URL)) {
                repeated |= originalUrl != null;
                originalUrl = originalUrl == null ? field.getValue() : originalUrl;
            } else if (field.is(FORWARDED_URI)) {
                repeated |= forwardedUri != null;
                forwardedUri = forwardedUri == null ? field.getValue() : forwardedUri;
            } else if (forwardedMethod == null && field.is(FORWARDED_METHOD)) {
                forwardedMethod = field.getValue();
            }
        }
        String urlTarget = originalUrl == null ? null : target(originalUrl);
        // Behind nginx's auth_request (ingress-nginx's too): a refusal over the budget is 403 (see busy).
        boolean authRequest = originalUri != null || originalUrl != null;
        String uri = originalUri != null ? originalUri : urlTarget != null ? urlTarget : forwardedUri;
        if (uri == null) {
            // Misconfigured proxy: refuse (fail closed), and say what is missing. The access log's method
            // and path are then the check request's own.
            request.setAttribute(GatewayServer.ORIGINAL_METHOD, request.getMethod());
            request.setAttribute(GatewayServer.ORIGINAL_PATH, request.getHttpURI().getPath());
            send(response, callback, 400, NO_URI);
            return true;
        }
        // Only the X-Forwarded-* proxies (Caddy, Traefik) hand a 405 to the client; behind auth_request
        // X-Original-Method is not read: there nginx's own location refuses the method.
        String method = forwardedMethod == null ? request.getMethod() : forwardedMethod;
        int question = uri.indexOf('?');
        int hash = uri.indexOf('#', question + 1);
        String query = question < 0 ? null : uri.substring(question + 1, hash < 0 ? uri.length() : hash);
        String path = question < 0 ? uri : uri.substring(0, question);
        request.setAttribute(GatewayServer.ORIGINAL_METHOD, method);
        request.setAttribute(GatewayServer.ORIGINAL_PATH, path.isEmpty() ? "/" : path);

        Check check = new Check(request, response, callback, query, path, method, authRequest);
        // Caddy, Traefik and ingress-nginx pass the client's own headers on to the check, beside the one
        // they set: a client could name another request in a header its proxy does not set. Every header
        // naming the original request must name this one, and once.
        if (repeated || (originalUri != null && !originalUri.equals(uri)) || (urlTarget != null && !urlTarget.equals(uri))
                || (forwardedUri != null && !forwardedUri.equals(uri))) {
            check.refuse(RejectionReason.AMBIGUOUS, "the headers naming the original request (" + ORIGINAL_URI + ", " + ORIGINAL_URL
                    + ", " + FORWARDED_URI + ") name different requests, or one is repeated: the client sent one its proxy "
                    + "does not set");
            return true;
        }
        check.run(false);
        return true;
    }

    /**
     * The request target of ingress-nginx's {@value #ORIGINAL_URL} ({@code $scheme://$http_host$request_uri}):
     * from the first {@code /} after the scheme's {@code ://} on; {@code "/"} for a URL without one, and the
     * whole value for one without a scheme (which then names no request the other headers name).
     */
    static String target(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return url;
        }
        int slash = url.indexOf('/', scheme + 3);
        return slash < 0 ? "/" : url.substring(slash);
    }

    /** One check request: its verdict, answered now or, when its turn in the budget is not yet due, later. */
    private final class Check {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final String query;
        private final String path;
        private final String method;
        private final boolean authRequest;
        private final long started;

        Check(Request request, Response response, Callback callback, String query, String path, String method,
                boolean authRequest) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.query = query;
            this.path = path;
            this.method = method;
            this.authRequest = authRequest;
            this.started = metrics == null ? 0 : System.nanoTime();
        }

        /**
         * Verifies and answers, in the selector thread that read the request: a full check (an RSA
         * operation) too, since handing it to a pool thread cost more CPU than it saves (check takes
         * a selector per core instead); only a check whose turn in the budget is not yet due waits
         * for it in a pool thread. {@code reserved}: that turn has come.
         */
        void run(boolean reserved) {
            VerifiedContentToken token;
            if (reserved) {
                CheckBudget.forReservedTurn();
            } else if (budget != null) {
                CheckBudget.forClientDeferring(Request.getRemoteAddr(request));
            }
            try {
                token = keys.current().verifyQuery(query);
            } catch (TokenRejectedException e) {
                refuse(e);
                return;
            } catch (CheckBudget.Busy busy) {
                busy(busy);
                return;
            } catch (CheckBudget.Deferred deferred) {
                defer(deferred);
                return;
            } finally {
                if (budget != null) {
                    CheckBudget.done();
                }
            }
            accept(token);
        }

        private void defer(CheckBudget.Deferred deferred) {
            try {
                getServer().getThreadPool().execute(() -> {
                    deferred.awaitTurn();
                    run(true);
                });
            } catch (RejectedExecutionException e) {
                busy(new CheckBudget.Busy("no thread free to wait for the turn"));
            }
        }

        private void accept(VerifiedContentToken token) {
            if (metrics != null) {
                metrics.accepted(System.nanoTime() - started);
            }
            // The token is checked first, as serve does; then the method, as serve's files answer it: a
            // download token is no licence to write to the origin behind.
            if (!CONTENT_METHODS.contains(method)) {
                response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD, OPTIONS");
                send(response, callback, 405, NOT_ALLOWED);
                return;
            }
            response.setStatus(204);
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            long expires = expires(token);
            if (expires > 0) {
                response.getHeaders().put("X-Accel-Expires", "@" + expires);
            }
            callback.succeeded();
        }

        private void refuse(TokenRejectedException e) {
            refuse(e.reason(), e.getMessage());
        }

        void refuse(RejectionReason reason, String message) {
            // The message never holds the token; the path is logged without the query. DEBUG, as the filter's
            // refusals are kept out of the gateway's log (GatewayLogging): the access log has the reason, and a
            // flood of forged tokens must not become a line each on standard error from the selector thread.
            LOG.log(Level.DEBUG, () -> "content token rejected (" + reason.httpStatus() + "): " + message
                    + "; uri " + path + "; client " + Request.getRemoteAddr(request));
            if (metrics != null) {
                metrics.refused(System.nanoTime() - started, reason.name());
            }
            response.getHeaders().put(RejectionReason.HEADER, reason.name());
            send(response, callback, reason.httpStatus(), reason.responseBody().getBytes(StandardCharsets.UTF_8));
        }

        private void busy(CheckBudget.Busy busy) {
            LOG.log(Level.DEBUG, () -> "content token refused (BUSY): " + busy.getMessage() + "; client "
                    + Request.getRemoteAddr(request));
            if (metrics != null) {
                metrics.refused(System.nanoTime() - started, CheckBudget.BUSY);
            }
            response.getHeaders().put(RejectionReason.HEADER, CheckBudget.BUSY);
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
            // nginx's auth_request takes 2xx, 401 and 403 only (anything else is a 500, logged with the whole
            // request line, token included): its snippet turns 403 BUSY into 503 with Retry-After.
            send(response, callback, authRequest ? 403 : 503, CheckBudget.BUSY_BODY);
        }
    }

    /**
     * X-Accel-Expires for a front proxy's verdict cache (the nginx snippet's proxy_cache): the last
     * second in which a fresh check would still accept the token (it refuses from exp + skew on, and
     * nginx serves an entry while now &lt;= this), and no more than {@link #MAX_CACHE_SECONDS} ahead;
     * 0 when that second has passed.
     */
    private long expires(VerifiedContentToken token) {
        long now = clock.millis() / 1000;
        long last = Math.min(token.expiresAt().getEpochSecond() + ContentTokenVerifier.DEFAULT_CLOCK_SKEW_SECONDS - 1,
                now + MAX_CACHE_SECONDS);
        return last > now ? last : 0;
    }

    private static void send(Response response, Callback callback, int status, byte[] body) {
        response.setStatus(status);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        headers.put(HttpHeader.CONTENT_TYPE, TEXT);
        headers.put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
