package dev.securedcontent.jwt.gateway;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code serve}: the distribution point itself, files under a directory behind the token check. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve the files under --root to requests with a valid content token (GET, HEAD, Range; ETag, "
                + "Last-Modified). No token: 401; an invalid one: 403; the reason in X-Content-Token-Reason. Nothing outside "
                + "--root is served: no symbolic links, no directory listings, no '..'."})
final class ServeCommand implements Callable<Integer> {
    static final String DEFAULT_LISTEN = ":8080";

    @Option(names = "--root", required = true, paramLabel = "DIR", description = "The directory whose files are served.")
    Path root;

    @Mixin
    ServerOptions options;

    private final Clock clock;
    private final Startup startup;

    ServeCommand(Clock clock, Startup startup) {
        this.clock = clock;
        this.startup = startup;
    }

    @Override
    public Integer call() throws Exception {
        Path dir = root();
        ReloadingKeys keys = options.keys(clock);
        GatewayMetrics metrics = options.metrics(keys);
        GatewayServer server = options.withAdmin(GatewayServer.create(options.listen(DEFAULT_LISTEN), options.tls(),
                options.accessLog(), context(dir, keys, metrics), metrics), DEFAULT_LISTEN, metrics, keys::notReady);
        return startup.run(server, options.listen == null ? DEFAULT_LISTEN : options.listen,
                "serving " + dir + " with " + keys.keys().size() + " key(s)");
    }

    static ServletContextHandler context(Path dir, ReloadingKeys keys, GatewayMetrics metrics) {
        ServletContextHandler context = new ServletContextHandler("/");
        context.setBaseResourceAsPath(dir);
        ServletHolder files = new ServletHolder("content", DefaultServlet.class);
        files.setInitParameter("dirAllowed", "false");
        files.setInitParameter("etags", "true");
        files.setInitParameter("acceptRanges", "true");
        files.setInitParameter("welcomeServlets", "false");
        files.setInitParameter("redirectWelcome", "false");
        context.addServlet(files, "/");
        context.addFilter(new FilterHolder(new ReloadingFilter(keys, metrics)), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(new NoFileWithSlash(dir)), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.setWelcomeFiles(new String[0]);
        return context;
    }

    /**
     * A file's name with a slash after it ({@code /apps/App.pkg/}) is no file and no directory: 404, as
     * nginx answers it. Jetty's files would redirect to the name without the slash, and without the
     * query (so without the token): the device would follow it to a 401. Checked after the token.
     */
    private static final class NoFileWithSlash implements Filter {
        private final Path root;

        NoFileWithSlash(Path root) {
            this.root = root;
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
            HttpServletRequest http = (HttpServletRequest) request;
            String path = http.getServletPath() + (http.getPathInfo() == null ? "" : http.getPathInfo());
            if (path.length() > 1 && path.endsWith("/") && !isDirectory(path)) {
                ((HttpServletResponse) response).sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            chain.doFilter(request, response);
        }

        /* The path arrives decoded and normalised (Jetty refuses '..' and ambiguous segments with 400). */
        private boolean isDirectory(String path) {
            try {
                Path target = root.resolve(path.substring(1)).normalize();
                return target.startsWith(root) && Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS);
            } catch (InvalidPathException e) {
                return false;
            }
        }
    }

    private Path root() {
        Path dir = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new BadInput("--root " + root + ": " + (Files.exists(dir) ? "is not a directory" : "does not exist")
                    + "; give the directory that holds the content, e.g. --root /srv/content");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            entries.findAny();
        } catch (IOException | SecurityException e) {
            throw new BadInput("--root " + root + ": cannot be read by this user (" + e.getClass().getSimpleName()
                    + "); let the service's user read it (chmod/chown, or icacls on Windows)");
        }
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            throw new BadInput("--root " + root + ": cannot be resolved (" + e.getClass().getSimpleName() + ")");
        }
    }
}
