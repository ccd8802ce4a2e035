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
                + "auth_request, ingress-nginx auth-url) or X-Forwarded-Uri (Caddy forward_auth, Traefik ForwardAuth); "
                + "every method is checked alike. Listen on loopback or a private network only: whoever reaches it can ask."})
final class CheckCommand implements Callable<Integer> {
    static final String DEFAULT_LISTEN = "127.0.0.1:9180";
    static final String ORIGINAL_URI = "X-Original-URI";
    static final String FORWARDED_URI = "X-Forwarded-Uri";

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
                options.accessLog(), context(keys, metrics), metrics), DEFAULT_LISTEN, metrics, keys::notReady);
        return startup.run(server, options.listen == null ? DEFAULT_LISTEN : options.listen,
                "checking tokens with " + keys.keys().size() + " key(s)");
    }

    static ServletContextHandler context(ReloadingKeys keys, GatewayMetrics metrics) {
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder("accepted", new Accepted()), "/");
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
            String uri = http.getHeader(ORIGINAL_URI);
            if (uri == null) {
                uri = http.getHeader(FORWARDED_URI);
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
            int question = uri.indexOf('?');
            int hash = uri.indexOf('#', question + 1);
            String query = question < 0 ? null : uri.substring(question + 1, hash < 0 ? uri.length() : hash);
            String path = question < 0 ? uri : uri.substring(0, question);
            chain.doFilter(new HttpServletRequestWrapper(http) {
                @Override
                public String getQueryString() {
                    return query;
                }

                @Override
                public String getRequestURI() {
                    return path;
                }
            }, response);
        }
    }

    /** The answer when the filter let the original request through. */
    private static final class Accepted extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) {
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            response.setHeader("Cache-Control", "no-store");
        }
    }
}
