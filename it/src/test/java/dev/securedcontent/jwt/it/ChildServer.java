package dev.securedcontent.jwt.it;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** A web server started as a child process in the foreground, listening on a loopback port. */
public final class ChildServer implements AutoCloseable {
    public static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(15);
    /** How long a log line may lag behind the response it describes (servers log after answering). */
    private static final Duration LOG_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final Process process;
    private final List<Integer> ports;
    private final Path errorLog;

    private ChildServer(String name, Process process, List<Integer> ports, Path errorLog) {
        this.name = name;
        this.process = process;
        this.ports = ports;
        this.errorLog = errorLog;
    }

    /** The command line that starts the server on a port (writing its configuration first). */
    public interface Launch {
        List<String> commandFor(int port) throws IOException;
    }

    /** The command line that starts the server on several ports, such as one per virtual server. */
    public interface LaunchOnPorts {
        List<String> commandFor(List<Integer> ports) throws IOException;
    }

    /**
     * Starts the server on a free loopback port, its output to {@code output}, and waits until it
     * listens; tries another port when the chosen one was taken in the meantime.
     */
    public static ChildServer start(String name, Launch launch, Path output, Path errorLog) throws IOException {
        return start(name, 1, ports -> launch.commandFor(ports.get(0)), output, errorLog);
    }

    /** As {@link #start(String, Launch, Path, Path)}, on {@code count} free loopback ports; listening on each. */
    public static ChildServer start(String name, int count, LaunchOnPorts launch, Path output, Path errorLog) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ports.add(freeLoopbackPort());
            }
            Process process = new ProcessBuilder(launch.commandFor(List.copyOf(ports)))
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            ChildServer server = new ChildServer(name, process, List.copyOf(ports), errorLog);
            try {
                server.awaitListening(output);
                return server;
            } catch (IOException e) {
                server.close();
                last = e;
                if (!e.getMessage().contains("Address already in use") && !e.getMessage().contains("cannot bind")) {
                    throw e;
                }
            }
        }
        throw last;
    }

    private void awaitListening(Path output) throws IOException {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with " + process.exitValue() + " at startup: " + read(output) + read(errorLog));
            }
            try {
                for (int port : ports) {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                    }
                }
                return;
            } catch (IOException notYet) {
                // A readiness poll of a child process: the only signal it gives is its socket.
                pause();
            }
        }
        throw new IOException(name + " did not listen on 127.0.0.1:" + ports + " within " + STARTUP_TIMEOUT + ": "
                + read(output) + read(errorLog));
    }

    /** The (first) port it listens on. */
    public int port() {
        return ports.get(0);
    }

    /** The ports it listens on, in the order its launch was given them. */
    public List<Integer> ports() {
        return ports;
    }

    /** Its process id. */
    public long pid() {
        return process.pid();
    }

    /** The program it runs, as the machine sees it (/proc/PID/exe: under a root for a chrooted server). */
    public Path executable() throws IOException {
        return Files.readSymbolicLink(Path.of("/proc", Long.toString(process.pid()), "exe"));
    }

    /** Its child processes now (a server's workers). */
    public List<ProcessHandle> descendants() {
        return process.descendants().toList();
    }

    /** {@code file}'s text once {@code done} holds for it (a server writes its log after the response). */
    public String awaitLog(Path file, Predicate<String> done) {
        long deadline = System.nanoTime() + LOG_TIMEOUT.toNanos();
        String text = read(file);
        while (!done.test(text) && System.nanoTime() < deadline) {
            pause();
            text = read(file);
        }
        return text;
    }

    public static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits a little for the process (a poll interval that ends early if it exits). */
    private void pause() {
        try {
            process.waitFor(20, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a child process", e);
        }
    }

    /**
     * The first executable {@code binary} on PATH or in /usr/sbin, with every one of {@code files}
     * readable; skips the calling test when absent, unless the environment variable CI is set.
     */
    public static Path installed(String binary, List<Path> files, String aptPackages) {
        Optional<Path> found = Stream.concat(
                        Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).map(p -> Path.of(p, binary)),
                        Stream.of(Path.of("/usr/sbin", binary)))
                .filter(Files::isExecutable)
                .findFirst();
        boolean present = found.isPresent() && files.stream().allMatch(Files::isReadable);
        String missing = binary + " " + files + " is not installed; apt-get install " + aptPackages;
        if (!present && System.getenv("CI") != null) {
            fail("CI is set but " + missing);
        }
        assumeTrue(present, missing);
        return found.orElseThrow();
    }

    public static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: apache2 and haproxy stop at once, nginx shuts master and workers down fast.
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A loopback port free at the time of asking. */
    public static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
