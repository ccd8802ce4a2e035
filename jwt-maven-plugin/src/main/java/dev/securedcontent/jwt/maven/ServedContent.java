package dev.securedcontent.jwt.maven;

import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.server.ContentServer;
import dev.securedcontent.jwt.server.ContentServerOptions;
import dev.securedcontent.jwt.server.ReceivedRequest;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A secured content server that jwt:serve started for the rest of the build: closed exactly once
 * (at the end of the build, on Ctrl-C, or by hand), when it reports every request it received and
 * its verdict, the way a web server's access log would.
 */
final class ServedContent implements AutoCloseable {

    /** Access-log lines printed at close; a probe makes four requests per asset, so this is plenty. */
    static final int MAX_LOGGED_REQUESTS = 40;

    private final ContentServer server;
    private final Path directory;
    private final Consumer<String> log;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);

    private ServedContent(ContentServer server, Path directory, Consumer<String> log) {
        this.server = server;
        this.directory = directory;
        this.log = log;
    }

    /**
     * Starts serving {@code directory} on 127.0.0.1.
     *
     * @param port       0 for any free port
     * @param tokenCheck false gives the unprotected server Jamf warns about
     * @param keyPair    the key pair whose tokens are accepted; null to let the server make a throwaway one
     * @param alsoAccept further accepted public keys (rotation, or the web server's public key files)
     * @param log        where the access log goes at close
     * @throws RuntimeException what WireMock throws when the port is taken or the directory unreadable
     */
    static ServedContent start(Path directory, int port, boolean tokenCheck, KeyPair keyPair,
            List<RSAPublicKey> alsoAccept, Consumer<String> log) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(log, "log");
        ContentServerOptions options = ContentServerOptions.defaults()
                .contentDirectory(directory)
                .tokenCheck(tokenCheck);
        if (port != 0) {
            // The customizer runs after the server's own port(0), so it wins; the base URL is read back from WireMock.
            options = options.configureWireMock(wireMock -> wireMock.port(port));
        }
        if (keyPair != null) {
            options = options.keyPair(keyPair);
        }
        for (RSAPublicKey key : alsoAccept) {
            options = options.acceptAlso(key);
        }
        return new ServedContent(ContentServer.start(options), directory, log);
    }

    /** The server's base URL without the trailing slash, e.g. {@code http://127.0.0.1:41234}. */
    String baseUrl() {
        String url = server.baseUrl().toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The URL of a file served from the directory, without a token. */
    URI unsignedUrl(String fileName) {
        return server.unsignedUrl("/" + fileName);
    }

    /**
     * A URL list (jwt:sign's format: one URL a line, {@code #} comments) with a signed URL for each
     * named file: for trying the server with curl, or {@code jwt:verify -Djwt.signedUrlLists=...}.
     */
    String signedUrlList(ContentTokenSigner signer, List<String> fileNames) {
        StringBuilder text = new StringBuilder("# Signed URLs of the files jwt:serve serves at " + baseUrl()
                + "; each token is valid for " + DurationSetting.format(signer.expiry())
                + " from when it was written. They are credentials: keep this file to yourself.\n");
        for (String name : fileNames) {
            text.append(signer.signUrl(unsignedUrl(name))).append('\n');
        }
        return text.toString();
    }

    boolean isRunning() {
        return server.isRunning();
    }

    /** Every request received so far, token redacted. */
    List<ReceivedRequest> requests() {
        return server.requests();
    }

    /** Blocks until {@link #close()} has finished (foreground mode). */
    void awaitClose() throws InterruptedException {
        closed.await();
    }

    /** Stops the server and logs what it served and refused; calling it again does nothing. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        try {
            List<ReceivedRequest> requests = requests();
            server.close();
            accessLog(requests).forEach(log);
        } finally {
            closed.countDown();
        }
    }

    /** The lines logged at close: a count, then one line per request (no token, only the verdict). */
    List<String> accessLog(List<ReceivedRequest> requests) {
        long served = requests.stream().filter(r -> r.status() >= 200 && r.status() < 300).count();
        long refused = requests.stream().filter(r -> r.status() == 401 || r.status() == 403).count();
        List<String> lines = new ArrayList<>();
        lines.add("jwt:serve stopped " + baseUrl() + " (" + directory + ", token check "
                + (server.tokenCheck() ? "on" : "OFF") + "): " + requests.size() + " request(s), "
                + served + " served, " + refused + " refused (401/403)"
                + (requests.size() > served + refused ? ", " + (requests.size() - served - refused) + " other" : "")
                + (requests.isEmpty() ? "." : ":"));
        requests.stream().limit(MAX_LOGGED_REQUESTS).forEach(r -> lines.add("  " + r));
        if (requests.size() > MAX_LOGGED_REQUESTS) {
            lines.add("  ... and " + (requests.size() - MAX_LOGGED_REQUESTS) + " more");
        }
        return lines;
    }
}
