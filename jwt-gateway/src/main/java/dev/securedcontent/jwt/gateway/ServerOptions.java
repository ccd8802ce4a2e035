package dev.securedcontent.jwt.gateway;

import dev.securedcontent.jwt.servlet.ContentTokenFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import picocli.CommandLine.Option;

/** The options serve, proxy and check share: keys, address, TLS, access log. */
final class ServerOptions {
    /** Full checks a second by default, as the nginx recipe's budget. */
    static final int DEFAULT_CHECK_RATE = 1000;

    @Option(names = "--keys", required = true, split = ",", paramLabel = "PATH",
            description = "Jamf Pro's public key file(s), PEM or JWKS, separated by commas (rotation: old and new). "
                    + "Re-read when they change.")
    List<String> keys;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM certificate chain (leaf first): serve HTTPS, HTTP/2 and HTTP/1.1.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key of --tls-cert (RSA, or EC in PKCS#8).")
    Path tlsKey;

    @Option(names = "--keystore", paramLabel = "FILE",
            description = "PKCS#12 keystore (.p12/.pfx) instead of --tls-cert/--tls-key; its password in the environment variable "
                    + Tls.KEYSTORE_PASSWORD_ENV + ".")
    Path keystore;

    @Option(names = "--access-log", paramLabel = "FILE",
            description = "Append one line per request: client, time, method, path without the query, status, bytes, refusal reason.")
    Path accessLog;

    @Option(names = "--cache-size", paramLabel = "N", defaultValue = "" + ContentTokenFilter.DEFAULT_CACHE_SIZE,
            description = "Verified tokens remembered, so the Range requests of one download are checked once (default: ${DEFAULT-VALUE}; 0: off).")
    int cacheSize;

    @Option(names = "--check-rate", paramLabel = "N", defaultValue = "" + DEFAULT_CHECK_RATE,
            description = "Full checks a second (new tokens and refusals; tokens in the verdict cache never count), for all "
                    + "clients together (default: ${DEFAULT-VALUE}; 0: no budget). A burst of a tenth of it passes at once, "
                    + "then a check waits its turn up to 0.1 s; beyond that it gets 503, Retry-After: 1 and reason BUSY.")
    int checkRate;

    @Option(names = "--client-check-rate", paramLabel = "N",
            description = "Each client address's share of --check-rate: full checks a second (default: a quarter of --check-rate).")
    Integer clientCheckRate;

    @Option(names = "--admin-listen", paramLabel = "HOST:PORT",
            description = "Also listen here (plain HTTP) for /healthz, /readyz and /metrics (Prometheus text format); off by default. "
                    + "Never the content port; keep it on loopback or a monitoring network, e.g. 127.0.0.1:9181.")
    String adminListen;

    /** The metrics of --admin-listen, or null without it. */
    GatewayMetrics metrics(ReloadingKeys keys) {
        return adminListen == null ? null : new GatewayMetrics(keys);
    }

    /** {@code server} with its admin address when --admin-listen is given; {@code notReady} as {@link AdminHandler} takes it. */
    GatewayServer withAdmin(GatewayServer server, String defaultListen, GatewayMetrics metrics, Supplier<String> notReady) {
        if (adminListen == null) {
            return server;
        }
        Listen admin = Listen.parse("--admin-listen", adminListen);
        Listen content = listen(defaultListen);
        if (admin.port() != 0 && admin.port() == content.port()
                && (admin.host() == null || content.host() == null || admin.host().equals(content.host()))) {
            throw new BadInput("--admin-listen " + adminListen + ": is the content port (--listen "
                    + (listen == null ? defaultListen : listen) + "); health and metrics get an address of their own, "
                    + "e.g. --admin-listen 127.0.0.1:9181");
        }
        return server.admin(admin, adminListen, new AdminHandler(metrics, notReady));
    }

    Listen listen(String defaultListen) {
        return Listen.parse(listen == null ? defaultListen : listen);
    }

    ReloadingKeys keys(Clock clock) {
        if (cacheSize < 0 || cacheSize > 1_000_000) {
            throw new BadInput("--cache-size " + cacheSize + ": expected 0 (off) to 1000000");
        }
        return new ReloadingKeys(KeyFiles.paths(keys), clock, cacheSize, budget(clock));
    }

    /** The budget of full checks, or null with --check-rate 0. */
    CheckBudget budget(Clock clock) {
        if (checkRate < 0 || checkRate > 1_000_000) {
            throw new BadInput("--check-rate " + checkRate + ": expected 0 (no budget) to 1000000 full checks a second");
        }
        if (clientCheckRate != null && (clientCheckRate < 1 || clientCheckRate > 1_000_000)) {
            throw new BadInput("--client-check-rate " + clientCheckRate + ": expected 1 to 1000000 full checks a second");
        }
        if (checkRate == 0) {
            if (clientCheckRate != null) {
                throw new BadInput("--client-check-rate " + clientCheckRate + " is a share of --check-rate, which is 0 (no budget); "
                        + "give --check-rate too, e.g. --check-rate " + DEFAULT_CHECK_RATE);
            }
            return null;
        }
        int client = clientCheckRate != null ? Math.min(clientCheckRate, checkRate) : Math.max(1, checkRate / 4);
        return new CheckBudget(checkRate, client, clock);
    }

    /** The TLS identity, or null for plain HTTP. */
    SslContextFactory.Server tls() {
        if (keystore != null && (tlsCert != null || tlsKey != null)) {
            throw new BadInput("--keystore and --tls-cert/--tls-key are both given; give one: PEM files or a PKCS#12 keystore");
        }
        if (keystore != null) {
            requireFile("--keystore", keystore);
            return Tls.fromKeystore(keystore, System.getenv(Tls.KEYSTORE_PASSWORD_ENV));
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new BadInput(tlsCert == null ? "--tls-key is given without --tls-cert; give both, the certificate chain and its key"
                    : "--tls-cert is given without --tls-key; give both, the certificate chain and its key");
        }
        if (tlsCert == null) {
            return null;
        }
        requireFile("--tls-cert", tlsCert);
        requireFile("--tls-key", tlsKey);
        return Tls.fromPem(tlsCert, tlsKey);
    }

    Path accessLog() {
        GatewayServer.requireWritable(accessLog);
        return accessLog;
    }

    static void requireFile(String option, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInput(option + " " + file + ": " + (Files.exists(file) ? "is not a file" : "does not exist")
                    + "; give the path of an existing file");
        }
        if (!Files.isReadable(file)) {
            throw new BadInput(option + " " + file + ": cannot be read by this user; let it read the file (chmod/chown, or icacls on Windows)");
        }
    }
}
