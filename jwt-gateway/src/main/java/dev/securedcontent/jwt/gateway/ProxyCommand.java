package dev.securedcontent.jwt.gateway;

import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.eclipse.jetty.ee10.proxy.ProxyServlet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code proxy}: the token check in front of any origin server, which never sees the token. */
@Command(name = "proxy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check the content token, then pass the request on to --origin without its token (Range, HEAD and "
                + "bodies stream through). No token: 401; an invalid one: 403; the reason in X-Content-Token-Reason."})
final class ProxyCommand implements Callable<Integer> {
    static final String DEFAULT_LISTEN = ":8080";
    /** How long /readyz waits for the origin to accept a connection. */
    static final int ORIGIN_CONNECT_TIMEOUT_MS = 2000;

    @Option(names = "--origin", required = true, paramLabel = "URL",
            description = "The origin server, e.g. http://127.0.0.1:8081 (IIS on the same host). Its path prefix, if any, is kept.")
    String origin;

    @Mixin
    ServerOptions options;

    private final Clock clock;
    private final Startup startup;

    ProxyCommand(Clock clock, Startup startup) {
        this.clock = clock;
        this.startup = startup;
    }

    @Override
    public Integer call() throws Exception {
        URI target = origin();
        ReloadingKeys keys = options.keys(clock);
        GatewayMetrics metrics = options.metrics(keys);
        GatewayServer server = options.withAdmin(GatewayServer.create(options.listen(DEFAULT_LISTEN), options.tls(),
                options.accessLog(), context(target, keys, metrics), metrics), DEFAULT_LISTEN, metrics, () -> {
                    String problem = keys.notReady();
                    return problem != null ? problem : unreachable(target);
                });
        return startup.run(server, options.listen == null ? DEFAULT_LISTEN : options.listen,
                "proxying to " + target + " with " + keys.keys().size() + " key(s)");
    }

    static ServletContextHandler context(URI origin, ReloadingKeys keys, GatewayMetrics metrics) {
        ServletContextHandler context = new ServletContextHandler("/");
        // Transparent: every path maps to the same path under the origin; the query it forwards is
        // the filter's, without the token.
        ServletHolder proxy = new ServletHolder("origin", ProxyServlet.Transparent.class);
        proxy.setInitParameter("proxyTo", origin.toString().replaceAll("/+$", ""));
        proxy.setInitParameter("prefix", "/");
        proxy.setAsyncSupported(true);
        context.addServlet(proxy, "/*");
        FilterHolder filter = new FilterHolder(new ReloadingFilter(keys, metrics));
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        return context;
    }

    /** Null when a TCP connection to the origin opens within {@link #ORIGIN_CONNECT_TIMEOUT_MS}, else why not. */
    static String unreachable(URI origin) {
        int port = origin.getPort() >= 0 ? origin.getPort() : origin.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(origin.getHost(), port), ORIGIN_CONNECT_TIMEOUT_MS);
            return null;
        } catch (IOException e) {
            return "the origin " + origin.getHost() + ":" + port + " does not accept connections (" + e.getClass().getSimpleName() + ")";
        }
    }

    private URI origin() {
        URI uri;
        try {
            uri = URI.create(origin);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new BadInput("--origin " + origin + ": expected the origin's base URL, http(s)://host[:port][/prefix] without "
                    + "a query, e.g. --origin http://127.0.0.1:8081");
        }
        return uri;
    }
}
