package dev.securedcontent.jwt.it.worker;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.securedcontent.jwt.it.ContentOrigin;
import dev.securedcontent.jwt.it.EnforcementPoint;
import dev.securedcontent.jwt.it.RecipeServer;
import dev.securedcontent.jwt.it.ServerRoot;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Cloudflare Worker recipe (web-server/cloudflare-worker) under a real workerd, the runtime
 * Cloudflare runs workers on, from the npm package the recipe pins, as its README runs it outside
 * Cloudflare: the worker's files and its config.capnp copied into a temp dir, only the config's
 * origin and listen addresses changed, the keys in jamf-public-key.pem (its JAMF_PUBLIC_KEY text
 * binding), every outbound fetch going to {@code origin}, listening on a free loopback port that
 * workerd reports.
 */
public final class RecipeWorkerd implements AutoCloseable {
    static final List<String> WORKER_FILES = List.of("content-token-worker.js", "content-token-rules.js");
    /** The local-run config the recipe ships, and the two addresses in it an admin changes. */
    static final String CONFIG = "config.capnp";
    static final String SHIPPED_ORIGIN = "\"127.0.0.1:8080\"";
    static final String SHIPPED_LISTEN = "\"127.0.0.1:8787\"";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern LISTEN = Pattern.compile("\\{\"event\":\"listen\",\"socket\":\"http\",\"port\":(\\d+)}");

    private final Process process;
    private final int port;
    private final List<String> log;

    private RecipeWorkerd(Process process, int port, List<String> log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * The Worker as an {@link EnforcementPoint}: in front of an origin serving 1 MiB of random bytes
     * at every path, the content at /content/app.pkg.
     */
    public static EnforcementPoint.Running point(ServerRoot root, Path dir, List<RSAPublicKey> keys) throws IOException {
        byte[] content = new byte[1024 * 1024];
        new Random(7).nextBytes(content);
        ContentOrigin origin = ContentOrigin.serving(content);
        RecipeWorkerd workerd;
        try {
            workerd = start(dir, keys, origin);
        } catch (IOException | RuntimeException | Error e) {
            origin.close();
            throw e;
        }
        return new EnforcementPoint.Running() {
            @Override
            public String contentPath() {
                return "/content/app.pkg";
            }

            @Override
            public URI uri(String pathAndQuery) {
                return workerd.uri(pathAndQuery);
            }

            @Override
            public byte[] content() {
                return content.clone();
            }

            @Override
            public void close() {
                workerd.close();
                origin.close();
            }
        };
    }

    /**
     * Starts workerd in {@code dir} with the worker accepting {@code keys} (all in one PEM text,
     * as a rotation binding holds them) in front of {@code origin}. Skips the calling test when
     * the workerd package is not installed (npm ci in web-server/cloudflare-worker), unless the
     * environment variable CI is set.
     */
    static RecipeWorkerd start(Path dir, List<? extends PublicKey> keys, ContentOrigin origin) throws IOException {
        StringBuilder pem = new StringBuilder();
        keys.forEach(key -> pem.append(RecipeServer.pem(key)));
        return start(dir, pem.toString(), origin);
    }

    /** As {@link #start(Path, List, ContentOrigin)} with the binding's text as given. */
    static RecipeWorkerd start(Path dir, String bindingText, ContentOrigin origin) throws IOException {
        Path binary = workerdBinary();
        Path work = Files.createTempDirectory(dir, "workerd");
        for (String file : WORKER_FILES) {
            Files.copy(recipeDir().resolve(file), work.resolve(file));
        }
        Files.writeString(work.resolve("jamf-public-key.pem"), bindingText);
        // The recipe's own config, as an admin runs it, with only its two addresses changed.
        String config = Files.readString(recipeDir().resolve(CONFIG));
        config = replaceOnce(config, SHIPPED_ORIGIN, "127.0.0.1:" + origin.port());
        config = replaceOnce(config, SHIPPED_LISTEN, "127.0.0.1:0");
        Files.writeString(work.resolve(CONFIG), config);
        // The control fd is stdout: workerd reports the port it bound there, next to the worker's
        // console lines and (merged) its errors.
        Process process = new ProcessBuilder(binary.toString(), "serve", CONFIG, "--control-fd=1")
                .directory(work.toFile())
                .redirectErrorStream(true)
                .start();
        List<String> log = new ArrayList<>();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    Matcher m = LISTEN.matcher(line);
                    if (m.matches()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                    synchronized (log) {
                        log.add(line);
                        log.notifyAll();
                    }
                }
            } catch (IOException e) {
                // workerd stopped
            }
            port.complete(-1);
        }, "workerd-stdout");
        reader.setDaemon(true);
        reader.start();
        int bound;
        try {
            bound = port.get(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            bound = -1;
        }
        RecipeWorkerd workerd = new RecipeWorkerd(process, bound, log);
        if (bound < 0) {
            workerd.close();
            throw new IllegalStateException("workerd did not start within " + STARTUP_TIMEOUT + ": " + workerd.log());
        }
        return workerd;
    }

    private static String replaceOnce(String config, String address, String replacement) {
        int at = config.indexOf(address);
        if (at < 0 || config.indexOf(address, at + 1) >= 0) {
            throw new IllegalStateException(recipeDir().resolve(CONFIG) + " must name " + address
                    + " exactly once (the README's address to change); it names it " + (at < 0 ? "nowhere" : "more than once"));
        }
        return config.replace(address, "\"" + replacement + "\"");
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    /** The worker's console output and workerd's own messages so far. */
    String log() {
        synchronized (log) {
            return String.join("\n", log);
        }
    }

    /** Waits (bounded) until a console line matches, for lines written after a response went out. */
    String awaitLogLine(Predicate<String> line) throws InterruptedException {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        synchronized (log) {
            while (log.stream().noneMatch(line)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("no such console line within " + STARTUP_TIMEOUT + " in:\n" + String.join("\n", log));
                }
                TimeUnit.NANOSECONDS.timedWait(log, left);
            }
            return log.stream().filter(line).findFirst().orElseThrow();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** workerd from web-server/cloudflare-worker/node_modules; skips (or, under CI, fails) when absent. */
    static Path workerdBinary() {
        String arch = System.getProperty("os.arch").contains("aarch64") ? "arm64" : "64";
        String os = System.getProperty("os.name").toLowerCase().contains("mac") ? "darwin" : "linux";
        Path binary = recipeDir().resolve("node_modules/@cloudflare/workerd-" + os + "-" + arch + "/bin/workerd");
        String missing = "workerd is not installed: run npm ci in " + recipeDir();
        if (!Files.isExecutable(binary) && System.getenv("CI") != null) {
            fail("CI is set but " + missing);
        }
        assumeTrue(Files.isExecutable(binary), missing);
        return binary;
    }

    /** web-server/cloudflare-worker of this checkout, found by walking up from the working directory. */
    static Path recipeDir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path recipe = p.resolve("web-server/cloudflare-worker");
            if (Files.isRegularFile(recipe.resolve("content-token-worker.js"))) {
                return recipe;
            }
        }
        throw new IllegalStateException("web-server/cloudflare-worker/content-token-worker.js not found above "
                + Path.of("").toAbsolutePath());
    }
}
