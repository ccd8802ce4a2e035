package dev.securedcontent.jwt.gateway;

import dev.securedcontent.jwt.core.ContentTokens;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.RequestLogWriter;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** One Jetty server as every long-running command starts it: a connector, TLS or not, and the access log. */
final class GatewayServer {
    /**
     * The access log's line: NCSA-like, with the path but never the query (where the token is),
     * and the refusal's reason as the last field ("-" when served).
     */
    static final String ACCESS_LOG_FORMAT = "%{client}a - %u %t \"%m %U %H\" %s %O %{"
            + "X-Content-Token-Reason}o %{ms}Tms";

    /** Request attribute: the method of the original request, for check's access log. */
    static final String ORIGINAL_METHOD = GatewayServer.class.getName() + ".originalMethod";
    /** Request attribute: the path (never the query) of the original request, for check's access log. */
    static final String ORIGINAL_PATH = GatewayServer.class.getName() + ".originalPath";

    /** check's line: as {@link #ACCESS_LOG_FORMAT}, with the method and path of the original request it checked. */
    static final String CHECK_ACCESS_LOG_FORMAT = "%{client}a - %u %t \"%{" + ORIGINAL_METHOD + "}attr %{" + ORIGINAL_PATH
            + "}attr %H\" %s %O %{X-Content-Token-Reason}o %{ms}Tms";

    /** Request line and headers together; twice Jetty's default. */
    static final int REQUEST_HEADER_BYTES = 16 * 1024;

    private final Server server;
    private final ServerConnector connector;
    private final boolean tls;
    private Server admin;
    private ServerConnector adminConnector;
    private String adminListenOption;

    private GatewayServer(Server server, ServerConnector connector, boolean tls) {
        this.server = server;
        this.connector = connector;
        this.tls = tls;
    }

    /** A server (not started) for {@code handler}; {@code tls} null for plain HTTP/1.1. */
    static GatewayServer create(Listen listen, SslContextFactory.Server tls, Path accessLog, Handler handler) {
        return create(listen, tls, accessLog, handler, null);
    }

    /** As above, each finished response also counted by {@code metrics} (null for none). */
    static GatewayServer create(Listen listen, SslContextFactory.Server tls, Path accessLog, Handler handler,
            GatewayMetrics metrics) {
        return create(listen, tls, accessLog, ACCESS_LOG_FORMAT, handler, metrics);
    }

    /** As above, the access log's lines in {@code format} (Jetty's CustomRequestLog). */
    static GatewayServer create(Listen listen, SslContextFactory.Server tls, Path accessLog, String format, Handler handler,
            GatewayMetrics metrics) {
        return create(listen, tls, accessLog, format, handler, metrics, -1);
    }

    /**
     * As above, with {@code selectors} selector threads (-1: Jetty's default, a quarter to a half of
     * the cores, at most 4): more for a handler that runs in them (check's verdicts).
     */
    static GatewayServer create(Listen listen, SslContextFactory.Server tls, Path accessLog, String format, Handler handler,
            GatewayMetrics metrics, int selectors) {
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("content-token");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        // No "Server: Jetty" banner and no version in error pages.
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // check receives the original URI in a header, beside the proxy's own headers: room for a
        // request line as long as the front proxy takes (a too-long token then gets its 403 TOO_LONG).
        http.setRequestHeaderSize(REQUEST_HEADER_BYTES);
        // Heap input buffers: Jetty's parser then scans the request target in one pass over the
        // array; from a direct buffer it takes the target byte by byte through a UTF-8 builder,
        // which for a download URL (a 400-character token in the query) was about a quarter of
        // serve's CPU per request (JFR, docs/benchmarks.md). Output buffers stay direct.
        http.setUseInputDirectByteBuffers(false);
        ServerConnector connector;
        if (tls == null) {
            connector = new ServerConnector(server, -1, selectors, new HttpConnectionFactory(http));
        } else {
            http.addCustomizer(new SecureRequestCustomizer());
            HttpConnectionFactory http11 = new HttpConnectionFactory(http);
            HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(http);
            ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", http11.getProtocol());
            alpn.setDefaultProtocol(http11.getProtocol());
            connector = new ServerConnector(server, -1, selectors, new SslConnectionFactory(tls, alpn.getProtocol()), alpn, h2, http11);
        }
        connector.setHost(listen.host());
        connector.setPort(listen.port());
        server.addConnector(connector);
        RequestLog log = accessLog == null ? null : new CustomRequestLog(new RedactingWriter(accessLog), format);
        if (metrics != null && log != null) {
            // A Collection is no LifeCycle: the server starts the file's log (and opens the file) as its bean.
            server.addBean(log);
            log = new RequestLog.Collection(log, metrics);
        } else if (metrics != null) {
            log = metrics;
        }
        if (log != null) {
            server.setRequestLog(log);
        }
        server.setHandler(handler);
        server.setErrorHandler(new PlainErrors());
        if (handler instanceof ServletContextHandler context) {
            context.setErrorHandler(new PlainErrors());
            // No alias check is added: Jetty then refuses every alias (a symbolic link, a name the
            // file system folds to another), so nothing outside the root is reachable.
            context.clearAliasChecks();
        }
        server.setStopAtShutdown(true);
        return new GatewayServer(server, connector, tls != null);
    }

    /**
     * Adds the admin address (health and metrics), a server of its own with a few threads, plain
     * HTTP/1.1, no access log: never the content port.
     */
    GatewayServer admin(Listen listen, String listenOption, Handler handler) {
        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        threads.setName("content-token-admin");
        threads.setReservedThreads(0);
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(listen.host());
        connector.setPort(listen.port());
        server.addConnector(connector);
        server.setHandler(handler);
        server.setErrorHandler(new PlainErrors());
        server.setStopAtShutdown(true);
        this.admin = server;
        this.adminConnector = connector;
        this.adminListenOption = listenOption;
        return this;
    }

    /** Starts listening; {@link BadInput} when the address is taken or cannot be bound. */
    GatewayServer start(String listenOption) {
        start(server, "--listen", listenOption);
        if (admin != null) {
            start(admin, "--admin-listen", adminListenOption);
        }
        return this;
    }

    private void start(Server which, String option, String listenOption) {
        try {
            which.start();
        } catch (Exception e) {
            stopQuietly();
            Throwable cause = e;
            while (cause != null && !(cause instanceof BindException)) {
                cause = cause.getCause();
            }
            if (cause != null) {
                throw new BadInput(option + " " + listenOption + ": cannot listen there (" + cause.getMessage()
                        + "); another program holds the port, or the address is not this machine's. Fix: stop the other "
                        + "program, or choose another port, e.g. " + option + " 127.0.0.1:" + (which == admin ? "9181" : "8081"));
            }
            throw new IllegalStateException("the server did not start: " + e.getClass().getSimpleName() + ": "
                    + ContentTokens.redactAll(e.getMessage()), null);
        }
    }

    /** The port it listens on (the one chosen when --listen gave port 0). */
    int port() {
        return connector.getLocalPort();
    }

    /** The admin address's port, or -1 without one. */
    int adminPort() {
        return adminConnector == null ? -1 : adminConnector.getLocalPort();
    }

    /** The --admin-listen value, or null. */
    String adminListenOption() {
        return adminListenOption;
    }

    /** http or https. */
    String scheme() {
        return tls ? "https" : "http";
    }

    /** What it speaks, for the startup line. */
    String protocols() {
        return tls ? "HTTP/2 and HTTP/1.1 over TLS" : "HTTP/1.1";
    }

    void join() throws InterruptedException {
        server.join();
    }

    void stopQuietly() {
        for (Server which : new Server[] {server, admin}) {
            try {
                if (which != null) {
                    which.stop();
                }
            } catch (Exception ignored) {
                // Stopping after a failed start: the failure is what gets reported.
            }
        }
    }

    /** Checks that the access log can be written before the server starts. */
    static void requireWritable(Path accessLog) {
        if (accessLog == null) {
            return;
        }
        Path parent = accessLog.toAbsolutePath().getParent();
        if (!Files.isDirectory(parent) || !Files.isWritable(parent) || (Files.exists(accessLog) && !Files.isWritable(accessLog))) {
            throw new BadInput("--access-log " + accessLog + ": cannot be written; create the directory " + parent
                    + " and let this user write there, or choose another file");
        }
    }

    /**
     * The access log file; every line passes through {@link ContentTokens#redactAll}, so a token in
     * an odd place (a path parameter, a header) leaves only header.payload.
     */
    private static final class RedactingWriter extends RequestLogWriter {
        RedactingWriter(Path file) {
            super(file.toString());
            setAppend(true);
        }

        @Override
        public void write(String line) throws IOException {
            super.write(ContentTokens.redactAll(line));
        }
    }
}
