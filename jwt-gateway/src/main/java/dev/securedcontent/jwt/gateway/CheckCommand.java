package dev.securedcontent.jwt.gateway;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import dev.securedcontent.jwt.core.ContentTokenVerifier;
import dev.securedcontent.jwt.core.TokenRejectedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code check}: forward auth, the verdict on the request a proxy in front names in a header. */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Forward auth: answer 204 when the original request's token is valid, 401 without one, 403 for an "
                + "invalid one (the reason in X-Content-Token-Reason). The original request is named by X-Original-URI (nginx "
                + "auth_request, ingress-nginx auth-url) or X-Forwarded-Uri (Caddy forward_auth, Traefik ForwardAuth). "
                + "The token's verdict is the same for every method; with a valid token, a method named by "
                + "X-Forwarded-Method other than GET, HEAD or OPTIONS gets 405, as serve answers it. "
                + "Listen on loopback or a private network only: whoever reaches it can ask."})
final class CheckCommand implements Callable<Integer> {
    static final String DEFAULT_LISTEN = "127.0.0.1:9180";
    static final String ORIGINAL_URI = "X-Original-URI";
    static final String FORWARDED_URI = "X-Forwarded-Uri";
    static final String FORWARDED_METHOD = "X-Forwarded-Method";
    /** How long a front proxy may keep an allow at most: a removed key's verdicts are gone from it within this. */
    static final long MAX_CACHE_SECONDS = 60;
    private static final String ORIGINAL_QUERY = CheckCommand.class.getName() + ".query";
    /** What serve answers besides 405, and so what a token lets through a check. */
    static final java.util.Set<String> CONTENT_METHODS = java.util.Set.of("GET", "HEAD", "OPTIONS");

    @Mixin
    ServerOptions options;

    private final Clock clock;
    private final Startup startup;

    CheckCommand(Clock clock, Startup startup) {
        this.clock = clock;
        this.startup = startup;
    }

    @Override
    public Integer call() throws Exception {
        ReloadingKeys keys = options.keys(clock);
        GatewayMetrics metrics = options.metrics(keys);
        GatewayServer server = options.withAdmin(GatewayServer.create(options.listen(DEFAULT_LISTEN), options.tls(),
                options.accessLog(), GatewayServer.CHECK_ACCESS_LOG_FORMAT, context(keys, metrics), metrics), DEFAULT_LISTEN, metrics, keys::notReady);
        return startup.run(server, options.listen == null ? DEFAULT_LISTEN : options.listen,
                "checking tokens with " + keys.keys().size() + " key(s)");
    }

    static ServletContextHandler context(ReloadingKeys keys, GatewayMetrics metrics) {
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder("accepted", new Accepted(keys)), "/");
        EnumSet<DispatcherType> request = EnumSet.of(DispatcherType.REQUEST);
        context.addFilter(new FilterHolder(new OriginalRequest()), "/*", request);
        context.addFilter(new FilterHolder(new ReloadingFilter(keys, metrics)), "/*", request);
        return context;
    }

    /** The check request as the token filter sees it: with the original request's query. */
    private static final class OriginalRequest implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
            HttpServletRequest http = (HttpServletRequest) request;
            // The access log's method and path: the check request's own until the original one is known.
            http.setAttribute(GatewayServer.ORIGINAL_METHOD, http.getMethod());
            http.setAttribute(GatewayServer.ORIGINAL_PATH, http.getRequestURI());
            String uri = http.getHeader(ORIGINAL_URI);
            if (uri == null) {
                uri = http.getHeader(FORWARDED_URI);
            } else {
                // nginx's auth_request: its snippet turns 403 BUSY into 503 with Retry-After (a 503 here would be its 500).
                http.setAttribute(ReloadingFilter.BUSY_STATUS, HttpServletResponse.SC_FORBIDDEN);
            }
            if (uri == null) {
                // Misconfigured proxy: refuse (fail closed), and say what is missing.
                HttpServletResponse out = (HttpServletResponse) response;
                byte[] body = ("no " + ORIGINAL_URI + " or " + FORWARDED_URI + " header: configure the proxy to send the "
                        + "original request URI (nginx: proxy_set_header X-Original-URI $request_uri;)\n").getBytes(StandardCharsets.UTF_8);
                out.setStatus(HttpServletResponse.SC_BAD_REQUEST);
                out.setHeader("Cache-Control", "no-store");
                out.setContentType("text/plain;charset=utf-8");
                out.setContentLength(body.length);
                out.getOutputStream().write(body);
                return;
            }
            // Only the X-Forwarded-* proxies (Caddy, Traefik) hand a 405 to the client; nginx's auth_request
            // takes 2xx, 401 and 403 only (anything else is a 500, logged with the whole request line, token
            // included), so X-Original-Method is not read: there nginx's own location refuses the method.
            String method = http.getHeader(FORWARDED_METHOD);
            int question = uri.indexOf('?');
            int hash = uri.indexOf('#', question + 1);
            String query = question < 0 ? null : uri.substring(question + 1, hash < 0 ? uri.length() : hash);
            String path = question < 0 ? uri : uri.substring(0, question);
            http.setAttribute(ORIGINAL_QUERY, query);
            http.setAttribute(GatewayServer.ORIGINAL_METHOD, method == null ? http.getMethod() : method);
            http.setAttribute(GatewayServer.ORIGINAL_PATH, path.isEmpty() ? "/" : path);
            chain.doFilter(new HttpServletRequestWrapper(http) {
                @Override
                public String getQueryString() {
                    return query;
                }

                @Override
                public String getRequestURI() {
                    return path;
                }

                @Override
                public String getMethod() {
                    return method == null ? super.getMethod() : method;
                }
            }, response);
        }
    }

    /** The answer when the filter let the original request through. */
    private static final class Accepted extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient ReloadingKeys keys;

        Accepted(ReloadingKeys keys) {
            this.keys = keys;
        }

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setHeader("Cache-Control", "no-store");
            // The token is checked first (the filter ran), as serve does; then the method, as serve's files
            // answer it: a download token is no licence to write to the origin behind.
            if (!CONTENT_METHODS.contains(request.getMethod())) {
                byte[] body = "405 Method Not Allowed\n".getBytes(StandardCharsets.UTF_8);
                response.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
                response.setHeader("Allow", "GET, HEAD, OPTIONS");
                response.setContentType("text/plain;charset=utf-8");
                response.setContentLength(body.length);
                response.getOutputStream().write(body);
                return;
            }
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            expires(response, (String) request.getAttribute(ORIGINAL_QUERY));
        }

        /**
         * X-Accel-Expires for a front proxy's verdict cache (the nginx snippet's proxy_cache): the last
         * second in which a fresh check would still accept the token (it refuses from exp + skew on, and
         * nginx serves an entry while now &lt;= this), and no more than {@link #MAX_CACHE_SECONDS} ahead.
         * The verifier's own cache answers this second look.
         */
        private void expires(HttpServletResponse response, String query) {
            try {
                long exp = keys.verifier().verifyQuery(query).expiresAt().getEpochSecond();
                long now = java.time.Instant.now().getEpochSecond();
                long last = Math.min(exp + ContentTokenVerifier.DEFAULT_CLOCK_SKEW_SECONDS - 1, now + MAX_CACHE_SECONDS);
                if (last > now) {
                    response.setHeader("X-Accel-Expires", "@" + last);
                }
            } catch (TokenRejectedException e) {
                // The keys changed in between: accepted by the check that ran, but not cacheable.
            }
        }
    }
}
