package dev.securedcontent.jwt.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.core.PemKeys;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The built jwt-gateway/target/content-token.jar run as a child process, as an admin runs it:
 * {@code java -jar content-token.jar <command> ... --listen 127.0.0.1:<free port>}.
 */
final class ContentTokenJar implements AutoCloseable {
    private final ChildServer server;
    private final Path output;

    private ContentTokenJar(ChildServer server, Path output) {
        this.server = server;
        this.output = output;
    }

    /** Starts {@code command} with {@code args} in {@code dir}; --listen is added. */
    static ContentTokenJar start(Path dir, String command, List<String> args) throws IOException {
        Path output = dir.resolve(command + ".out");
        ChildServer server = ChildServer.start("content-token " + command, port -> {
            List<String> line = new ArrayList<>(List.of(java(), "-jar", jar().toString(), command));
            line.addAll(args);
            line.addAll(List.of("--listen", "127.0.0.1:" + port));
            return line;
        }, output, output);
        return new ContentTokenJar(server, output);
    }

    /** Runs a command to its end: its exit status and output. */
    static Result run(Path dir, String... args) throws IOException, InterruptedException {
        Path output = Files.createTempFile(dir, "run", ".out");
        List<String> line = new ArrayList<>(List.of(java(), "-jar", jar().toString()));
        line.addAll(List.of(args));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("content-token " + args[0] + " ended").isTrue();
        return new Result(process.exitValue(), Files.readString(output));
    }

    record Result(int status, String output) {}

    /** One PEM file holding every key, as an admin gives Jamf Pro's key (and rotation keys) to --keys. */
    static Path keyFile(Path dir, List<? extends PublicKey> keys) throws IOException {
        StringBuilder pem = new StringBuilder();
        keys.forEach(k -> pem.append(PemKeys.toPem((RSAPublicKey) k)));
        return Files.writeString(dir.resolve("jamf-public-keys.pem"), pem);
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    int port() {
        return server.port();
    }

    /** What the process printed (its startup line, warnings). */
    String output() {
        return ChildServer.read(output);
    }

    ChildServer process() {
        return server;
    }

    @Override
    public void close() {
        server.close();
    }

    /** The jar the reactor built: jwt-gateway/target/content-token.jar of this checkout. */
    static Path jar() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path jar = p.resolve("jwt-gateway/target/content-token.jar");
            if (Files.isRegularFile(jar)) {
                return jar;
            }
        }
        throw new IllegalStateException("jwt-gateway/target/content-token.jar is not built; build with -am: "
                + "./mvnw -pl it -am verify");
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
