package dev.securedcontent.jwt.it.haproxy;

import dev.securedcontent.jwt.core.RsaKeys;
import dev.securedcontent.jwt.it.ChildServer;
import dev.securedcontent.jwt.it.ContentOrigin;
import dev.securedcontent.jwt.it.RecipeServer;
import dev.securedcontent.jwt.it.ServerRoot;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * A real HAProxy installed as web-server/haproxy/README.md says, on Debian's stock configuration:
 * the directory holds content-token.cfg (unchanged but for where it finds the keys) and a
 * haproxy.cfg that is the Debian package's /etc/haproxy/haproxy.cfg followed by the README's
 * frontend and backend, literally. Only addresses and paths change: the bind (plain http on a free
 * loopback port, no certificate), the backend (a {@link ContentOrigin}), the chroot and stats
 * socket (into the test's directory), and the syslog target: Debian's {@code log /dev/log} lines
 * go to a UDP syslog receiver on loopback that appends each message to logs/access.log, as
 * rsyslog appends them to /var/log/haproxy.log. Started in the foreground ({@code -db}) with
 * {@code -f} on the directory, as the README's {@code CONFIG="/etc/haproxy"} does. Run as a user
 * other than root, the stock chroot, user and group lines are left out (only root may use them).
 * From a {@link ServerRoot} other than the machine's, the stock configuration is that root's.
 */
public final class RecipeHaproxy implements RecipeServer {
    /** The recipe's key directory, and the file names of the current and the previous key. */
    static final String KEYS_DIR = "/etc/haproxy/content-token/";
    static final String CURRENT_KEY = "jamf-current.pem";
    static final String PREVIOUS_KEY = "jamf-previous.pem";
    /** HAProxy's JWT converters as commonly set up, in place of content-token.cfg: alg, signature, iss, sub, exp after now. */
    public static final String JWT_VERIFY_ALONE = """
                defaults content-token
                    mode http
                    timeout connect 5s
                    timeout client 60s
                    timeout server 60s
                    http-request set-var(txn.token) url_param(token)
                    http-request set-var(txn.alg) var(txn.token),jwt_header_query('$.alg')
                    http-request set-var(txn.exp) var(txn.token),jwt_payload_query('$.exp','int')
                    acl signed var(txn.token),jwt_verify(txn.alg,"/etc/haproxy/content-token/jamf-current.pem") -m int 1
                    acl rs256 var(txn.alg) -m str RS256
                    acl iss var(txn.token),jwt_payload_query('$.iss') -m str JSS
                    acl sub var(txn.token),jwt_payload_query('$.sub') -m str AppManifest
                    acl expired var(txn.exp),sub(txn.now) -m int lt 0
                    http-request set-var(txn.now) date()
                    http-request return status 401 if !{ var(txn.token) -m found }
                    http-request return status 403 if !rs256 || !signed || !iss || !sub || expired
                """;
    /** The configuration the Debian package installs; read when present, else the copy in this class. */
    static final Path DEBIAN_HAPROXY_CFG = Path.of("/etc/haproxy/haproxy.cfg");

    private final ServerRoot root;
    /** The test's dir, as HAProxy sees it. */
    private final Path serverDir;
    /** Where the test reads and writes it. */
    private final Path dir;
    private final ChildServer server;
    private final ContentOrigin origin;
    private final SyslogReceiver syslog;
    private final byte[] content;

    private RecipeHaproxy(ServerRoot root, Path serverDir, ChildServer server, ContentOrigin origin, SyslogReceiver syslog,
            byte[] content) {
        this.root = root;
        this.serverDir = serverDir;
        this.dir = root.host(serverDir);
        this.server = server;
        this.origin = origin;
        this.syslog = syslog;
        this.content = content;
    }

    /**
     * Starts HAProxy in {@code dir} with {@code keys} as the current key and, when there is a
     * second, the previous one (a rotation); with one key, the previous key's file does not exist.
     */
    static RecipeHaproxy start(Path dir, List<RSAPublicKey> keys) throws IOException {
        return start(dir, keys, Files.readString(recipeDir().resolve("content-token.cfg")));
    }

    /** As {@link #start(Path, List)}, with {@code contentTokenCfg} in place of the recipe's content-token.cfg. */
    static RecipeHaproxy start(Path dir, List<RSAPublicKey> keys, String contentTokenCfg) throws IOException {
        return start(ServerRoot.HOST, dir, keys, contentTokenCfg);
    }

    /** As {@link #start(Path, List)}, with the HAProxy of {@code root}. */
    public static RecipeHaproxy start(ServerRoot root, Path dir, List<RSAPublicKey> keys) throws IOException {
        return start(root, dir, keys, Files.readString(recipeDir().resolve("content-token.cfg")));
    }

    /** As {@link #start(Path, List, String)}, with the HAProxy of {@code root}. */
    public static RecipeHaproxy start(ServerRoot root, Path serverDir, List<RSAPublicKey> keys, String contentTokenCfg) throws IOException {
        if (keys.isEmpty() || keys.size() > 2) {
            throw new IllegalArgumentException("the recipe holds one or two keys, not " + keys.size());
        }
        Path haproxy = root.installed("haproxy", List.of(), "haproxy");
        Path dir = root.host(serverDir);
        Path etc = Files.createDirectories(dir.resolve("etc/haproxy"));
        Path keysDir = Files.createDirectories(etc.resolve("content-token"));
        Path serverKeysDir = serverDir.resolve("etc/haproxy/content-token");
        Files.writeString(etc.resolve("content-token.cfg"), contentTokenCfg.replace(KEYS_DIR, serverKeysDir + "/"));
        Files.writeString(keysDir.resolve(CURRENT_KEY), RsaKeys.toPem(keys.get(0)));
        if (keys.size() == 2) {
            Files.writeString(keysDir.resolve(PREVIOUS_KEY), RsaKeys.toPem(keys.get(1)));
        }
        byte[] content = new byte[RecipeServer.CONTENT_SIZE];
        new Random(20_260_101L).nextBytes(content);
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.createDirectories(dir.resolve("chroot"));
        ContentOrigin origin = ContentOrigin.serving(content);
        SyslogReceiver syslog = null;
        try {
            syslog = SyslogReceiver.start(logs.resolve("access.log"));
            int syslogPort = syslog.port();
            ChildServer server = ChildServer.start("haproxy", port -> {
                Files.writeString(etc.resolve("haproxy.cfg"),
                        config(root, port, origin.port(), syslogPort, serverDir, serverDir.resolve("chroot")));
                return root.command(List.of(haproxy.toString(), "-db", "-f", serverDir.resolve("etc/haproxy").toString()));
            }, logs.resolve("haproxy.out"), logs.resolve("haproxy.out"));
            return new RecipeHaproxy(root, serverDir, server, origin, syslog, content);
        } catch (IOException | RuntimeException e) {
            origin.close();
            if (syslog != null) {
                syslog.close();
            }
            throw e;
        }
    }

    /** The directory the recipe is installed in (etc/haproxy, as the README's /etc/haproxy). */
    Path configDir() {
        return dir.resolve("etc/haproxy");
    }

    /**
     * {@code haproxy -c} on {@link #configDir()}, by the same HAProxy, verbose: HAProxy 3.0 prints
     * "Configuration file is valid" only with {@code -V} (2.6 always does).
     */
    List<String> checkCommand() {
        return root.command(List.of(root.installed("haproxy", List.of(), "haproxy").toString(), "-c", "-V", "-f",
                serverDir.resolve("etc/haproxy").toString()));
    }

    /**
     * {@code serverRoot}'s haproxy.cfg and the README's frontend and backend, with only addresses
     * and paths (as HAProxy sees them) changed.
     */
    static String config(ServerRoot serverRoot, int port, int originPort, int syslogPort, Path dir, Path chroot) throws IOException {
        boolean root = ChildServer.isRoot() && Files.readString(serverRoot.host(Path.of("/etc/passwd"))).contains("\nhaproxy:");
        StringBuilder cfg = new StringBuilder();
        for (String line : debianHaproxyCfg(serverRoot).split("\n", -1)) {
            String[] words = line.strip().split("\\s+");
            if (!root && List.of("chroot", "user", "group").contains(words[0])) {
                continue;
            }
            cfg.append(line.replace("/dev/log", "127.0.0.1:" + syslogPort)
                    .replace("chroot /var/lib/haproxy", "chroot " + chroot)
                    .replace("/run/haproxy/admin.sock", dir.resolve("admin.sock").toString())).append('\n');
        }
        String frontend = readmeBlock();
        String changed = frontend.replace("bind :443 ssl crt /etc/haproxy/site.pem", "bind 127.0.0.1:" + port)
                .replace("10.0.0.5:80", "127.0.0.1:" + originPort);
        if (changed.equals(frontend) || !changed.contains("127.0.0.1:" + port) || !changed.contains("127.0.0.1:" + originPort)) {
            throw new IllegalStateException("the README's haproxy block no longer has the bind and server lines this"
                    + " test changes; update RecipeHaproxy.config: " + frontend);
        }
        return cfg.append('\n').append(changed).toString();
    }

    /** The first ```haproxy block of the README: the admin's frontend and backend. */
    static String readmeBlock() throws IOException {
        String readme = Files.readString(recipeDir().resolve("README.md"));
        int start = readme.indexOf("```haproxy\n");
        int end = readme.indexOf("```", start + 10);
        if (start < 0 || end < 0) {
            throw new IllegalStateException("web-server/haproxy/README.md has no ```haproxy block");
        }
        return readme.substring(start + "```haproxy\n".length(), end);
    }

    /** Debian 12's /etc/haproxy/haproxy.cfg as the package installs it (the installed one when there is one). */
    static String debianHaproxyCfg() throws IOException {
        return debianHaproxyCfg(ServerRoot.HOST);
    }

    /** {@code root}'s /etc/haproxy/haproxy.cfg (for the machine's own, Debian 12's copy when none is installed). */
    static String debianHaproxyCfg(ServerRoot root) throws IOException {
        Path installed = root.host(DEBIAN_HAPROXY_CFG);
        return Files.isReadable(installed) || !root.isHost() ? Files.readString(installed) : DEBIAN_12_HAPROXY_CFG;
    }

    private static final String DEBIAN_12_HAPROXY_CFG = """
            global
            \tlog /dev/log\tlocal0
            \tlog /dev/log\tlocal1 notice
            \tchroot /var/lib/haproxy
            \tstats socket /run/haproxy/admin.sock mode 660 level admin
            \tstats timeout 30s
            \tuser haproxy
            \tgroup haproxy
            \tdaemon

            \t# Default SSL material locations
            \tca-base /etc/ssl/certs
            \tcrt-base /etc/ssl/private

            \t# See: https://ssl-config.mozilla.org/#server=haproxy&server-version=2.0.3&config=intermediate
                    ssl-default-bind-ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384
                    ssl-default-bind-ciphersuites TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256
                    ssl-default-bind-options ssl-min-ver TLSv1.2 no-tls-tickets

            defaults
            \tlog\tglobal
            \tmode\thttp
            \toption\thttplog
            \toption\tdontlognull
                    timeout connect 5000
                    timeout client  50000
                    timeout server  50000
            \terrorfile 400 /etc/haproxy/errors/400.http
            \terrorfile 403 /etc/haproxy/errors/403.http
            \terrorfile 408 /etc/haproxy/errors/408.http
            \terrorfile 500 /etc/haproxy/errors/500.http
            \terrorfile 502 /etc/haproxy/errors/502.http
            \terrorfile 503 /etc/haproxy/errors/503.http
            \terrorfile 504 /etc/haproxy/errors/504.http
            """;

    /** A UDP syslog on a free loopback port, appending each message as a line to a file (as rsyslog would). */
    static final class SyslogReceiver implements AutoCloseable {
        private final DatagramSocket socket;
        private final Thread reader;

        private SyslogReceiver(DatagramSocket socket, Path file) {
            this.socket = socket;
            this.reader = new Thread(() -> receive(file), "syslog " + socket.getLocalPort());
            reader.setDaemon(true);
            reader.start();
        }

        static SyslogReceiver start(Path file) throws IOException {
            Files.writeString(file, "");
            return new SyslogReceiver(new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)), file);
        }

        int port() {
            return socket.getLocalPort();
        }

        private void receive(Path file) {
            byte[] buffer = new byte[65_536];
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                while (!socket.isClosed()) {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    socket.receive(packet);
                    String message = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8).stripTrailing();
                    out.write(ByteBuffer.wrap((message + "\n").getBytes(StandardCharsets.UTF_8)));
                }
            } catch (IOException closed) {
                // close() closes the socket: the receiver ends.
            }
        }

        @Override
        public void close() {
            socket.close();
            try {
                reader.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** web-server/haproxy of this checkout. */
    static Path recipeDir() {
        return RecipeServer.recipeDir("haproxy");
    }

    /** The request URIs the origin behind HAProxy received. */
    List<String> originRequestUris() {
        return origin.receivedUris();
    }

    @Override
    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    @Override
    public String accessLog(int lines) {
        // A connection closed without a request (the start-up probe of the port) logs a <BADREQ>
        // line of its own, which must not count as one of the requests waited for.
        return server.awaitLog(dir.resolve("logs/access.log"), text -> text.lines()
                .filter(l -> l.contains(" content_token=") && !l.contains("<BADREQ>")).count() >= lines);
    }

    /** HAProxy's own output (alerts and warnings) and every syslog message it sent. */
    @Override
    public String errorLog() {
        return ChildServer.read(dir.resolve("logs/haproxy.out")) + ChildServer.read(dir.resolve("logs/access.log"));
    }

    @Override
    public void close() {
        server.close();
        origin.close();
        syslog.close();
        root.forget(serverDir);
    }
}
