package dev.securedcontent.jwt.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.core.BadTokenCorpus;
import dev.securedcontent.jwt.it.ChildServer;
import dev.securedcontent.jwt.it.RecipeServer;
import dev.securedcontent.jwt.it.ServerRoot;
import dev.securedcontent.jwt.it.StockInstall;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/content-token.md's "Caddy on Debian" steps after the check's, followed as an admin would on
 * Debian's Caddy (the machine's; a subclass: Debian 13's root): the check installed and started as its systemd unit says,
 * the snippet and the Caddyfile installed over a copy of the package's /etc/caddy, only paths and
 * ports changed, Caddy run as Debian's unit runs it. Every shape Jamf Pro may send must be served,
 * every neighbour past the limits refused, jwt:audit must pass strictly, and no file may hold a whole
 * token: not the access log, and not Caddy's own log when the check is down and Caddy answers 502.
 */
class ContentTokenCheckCaddyStockInstallTest {
    /** The stock configuration, as the Debian package installed it. */
    static final Path STOCK = Path.of("/etc/caddy");
    /** The page's Caddy steps, after the check's (ServiceInstall.CHECK_STEPS), in order (spaces collapsed). */
    static final List<String> CADDY_STEPS = List.of(
            "apt-get install caddy",
            "install -D -m 644 caddy/content-token.caddy /etc/caddy/content-token.caddy",
            "install -D -m 644 caddy/Caddyfile /etc/caddy/Caddyfile",
            "systemctl reload caddy");
    /** The Caddyfile's site address, which the test moves to plain http on loopback. */
    static final String SITE_ADDRESS = "downloads.example.com {";

    /** Whose packages and stock configuration: the machine's own (a subclass: Debian 13's root). */
    ServerRoot root() {
        return ServerRoot.HOST;
    }

    @Test
    void thePagesStepsOnDebiansCaddyServeEveryValidShapeAndLogNoTokenEvenWhenTheCheckIsDown(@TempDir Path dir) throws Exception {
        ServerRoot root = root();
        Path caddy = root.installed("caddy", List.of(STOCK.resolve("Caddyfile")), "caddy");
        StockInstall.inTree(root, dir, (tree, host) -> installAndProve(root, caddy, tree, host));
    }

    private void installAndProve(ServerRoot root, Path caddy, Path tree, Path host) throws Exception {
        KeyPair keys = BadTokenCorpus.newKeyPair();
        StockInstall.copyTree(root.host(STOCK), host.resolve("etc/caddy"));
        Path content = Files.createDirectories(host.resolve("srv/downloads" + RecipeServer.CONTENT_PATH).getParent());
        Files.write(content.resolve(Path.of(RecipeServer.CONTENT_PATH).getFileName().toString()), new byte[64 * 1024]);
        // The package's caddy.service runs Caddy as the user its postinst adds, who owns the log
        // directory and its home (where Caddy keeps its state), as the postinst leaves them.
        assertThat(Files.readString(root.host(Path.of("/lib/systemd/system/caddy.service"))))
                .contains("\nUser=caddy\n", "\nGroup=caddy\n");
        ServiceAccount account = ServiceAccount.packaged(root, "caddy");
        Path logs = Files.createDirectories(host.resolve("var/log/caddy"));
        account.own(logs, true, true);
        if (ChildServer.isRoot()) {
            StockInstall.reachableByWorkers(root, host);
        }
        Path caddyfile = host.resolve("etc/caddy/Caddyfile");
        Path journal = Files.createDirectories(host.resolve("var/log/journal")).resolve("caddy.out");
        // Caddy keeps its state under HOME/XDG dirs: the tree's own (as Caddy sees it).
        account.own(Files.createDirectories(host.resolve("var/lib/caddy")), true, true);
        List<String> environment = List.of("env", "HOME=" + tree.resolve("var/lib/caddy"), "XDG_DATA_HOME=" + tree.resolve("var/lib/caddy"),
                "XDG_CONFIG_HOME=" + tree.resolve("var/lib/caddy"));

        String page = ServiceInstall.page();
        Map<String, String> sent = new LinkedHashMap<>();
        int at = 0;
        try (ServiceInstall installed = new ServiceInstall(root, tree, host, (RSAPublicKey) keys.getPublic())) {
            for (String step : Stream.concat(ServiceInstall.CHECK_STEPS.stream(), CADDY_STEPS.stream()).toList()) {
                at = StockInstall.stepAfter(page, step, at);
                if (installed.follow(step)) {
                    continue;
                }
                assertThat(step).as("a step this test cannot follow").isEqualTo("systemctl reload caddy");
                movePaths(tree, host);
                installed.moveCheckPort("etc/caddy/content-token.caddy");
                validate(root, account, caddy, environment, caddyfile, tree.resolve("etc/caddy/Caddyfile"));
            }

            // As Debian's caddy.service runs it: caddy run --environ --config /etc/caddy/Caddyfile.
            try (ChildServer server = ChildServer.start("caddy", port -> {
                movePorts(caddyfile, port);
                List<String> command = new ArrayList<>(environment);
                command.addAll(List.of(caddy.toString(), "run", "--environ", "--config", tree.resolve("etc/caddy/Caddyfile").toString()));
                return root.command(account.run(root, command));
            }, journal, journal)) {
                account.assertRuns(server, "caddy");
                URI url = URI.create("http://127.0.0.1:" + server.port() + RecipeServer.CONTENT_PATH);
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                StockInstall.EveryShape shapes = StockInstall.EveryShape.send(keys, url, uri -> StockInstall.rangeGet(http, uri));
                sent.putAll(shapes.sent());
                String accessLog = server.awaitLog(logs.resolve("downloads.access.log"), text -> text.lines().count() >= shapes.requests());
                assertThat(accessLog).contains("\"uri\":\"" + RecipeServer.CONTENT_PATH + "\"", "\"status\":206", "\"status\":403", "\"status\":401")
                        .doesNotContain("token=");
                StockInstall.auditStrictly((RSAPrivateCrtKey) keys.getPrivate(), url, Set.of());

                // The check down: Caddy cannot ask it, answers 502, and logs the request in its own log.
                installed.service().close();
                String down = BadTokenCorpus.jamfToken(keys.getPrivate(), Clock.systemUTC());
                sent.put("sent while the check was down", down);
                assertThat(StockInstall.rangeGet(http, URI.create(url + "?token=" + down)).statusCode()).isEqualTo(502);
                assertThat(server.awaitLog(journal, text -> text.contains("\"status\":502")))
                        .contains("\"uri\":\"" + RecipeServer.CONTENT_PATH + "\"").doesNotContain("token=");
            }
        }
        // Every file, Caddy's own log (its journal) and the check's included, but the jar.
        assertThat(StockInstall.filesHoldingATokenIn(host, sent, f -> ServiceInstall.isInstalledBinary(host, f))).isEmpty();
    }

    /** Paths only: the tree's copies of /etc/caddy, /srv/downloads and /var/log/caddy are named instead of the system's. */
    private static void movePaths(Path tree, Path host) throws IOException {
        Map<String, String> moves = new LinkedHashMap<>();
        for (String path : List.of("/etc/caddy", "/srv/downloads", "/var/log/caddy")) {
            moves.put(path, tree + path);
        }
        StockInstall.movePaths(host.resolve("etc/caddy"), moves);
    }

    /**
     * Ports only: the site's address becomes plain http on loopback {@code port} (no certificate),
     * and Caddy's admin endpoint (localhost:2019) a free loopback port of its own.
     */
    private static void movePorts(Path caddyfile, int port) throws IOException {
        String text = Files.readString(caddyfile);
        String site = text.contains(SITE_ADDRESS) ? SITE_ADDRESS : text.replaceAll("(?s).*\n(http://127\\.0\\.0\\.1:\\d+ \\{).*", "$1");
        assertThat(text).as("the Caddyfile's site address").contains(site).startsWith("#");
        String moved = text.replace(site, "http://127.0.0.1:" + port + " {").replaceFirst("\n\tadmin 127\\.0\\.0\\.1:\\d+\n", "\n");
        int global = moved.indexOf("\n{\n");
        assertThat(global).as("the Caddyfile's global options block").isPositive();
        Files.writeString(caddyfile, moved.substring(0, global + 3) + "\tadmin 127.0.0.1:" + ChildServer.freeLoopbackPort() + "\n"
                + moved.substring(global + 3));
    }

    /** What systemctl reload caddy runs first (as the unit's user): the Caddyfile must adapt and validate. */
    private static void validate(ServerRoot root, ServiceAccount account, Path caddy, List<String> environment, Path caddyfile,
            Path seenAs) throws IOException, InterruptedException {
        movePorts(caddyfile, ChildServer.freeLoopbackPort());
        List<String> command = new ArrayList<>(environment);
        command.addAll(List.of(caddy.toString(), "validate", "--config", seenAs.toString()));
        Process p = new ProcessBuilder(root.command(account.run(root, command))).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("caddy validate: " + out).isZero();
        assertThat(out).contains("Valid configuration");
    }
}
