package dev.securedcontent.jwt.it;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Lambda@Edge recipe (web-server/lambda-edge) run by a real Node.js 20 or later, the runtime
 * Lambda@Edge offers: node found on the PATH; tests skip without it unless the environment
 * variable CI is set (then they fail).
 */
final class RecipeLambdaEdge {
    private static final int MIN_NODE_MAJOR = 20;
    private static final long TIMEOUT_SECONDS = 120;

    private RecipeLambdaEdge() {}

    /** A finished node process: its exit code and its output (stdout and stderr merged). */
    record Run(int exitCode, String output) {}

    /** Runs node with {@code arguments} in {@code directory}, bounded in time. */
    static Run node(Path directory, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(nodeBinary().toString());
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile("node", ".log");
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("node " + String.join(" ", arguments) + " did not finish within "
                        + TIMEOUT_SECONDS + " s: " + Files.readString(output));
            }
            return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** node on the PATH, version 20 or later; skips (or, under CI, fails) otherwise. */
    static Path nodeBinary() {
        Path node = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .map(p -> Path.of(p, "node")).filter(Files::isExecutable).findFirst().orElse(null);
        int major = node == null ? 0 : majorVersion(node);
        String missing = "Node.js " + MIN_NODE_MAJOR + " or later (Lambda@Edge's runtime) is not on the PATH"
                + (node == null ? "" : " (" + node + " is version " + major + ")");
        if (major < MIN_NODE_MAJOR && System.getenv("CI") != null) {
            fail("CI is set but " + missing);
        }
        assumeTrue(major >= MIN_NODE_MAJOR, missing);
        return node;
    }

    private static int majorVersion(Path node) {
        try {
            Process process = new ProcessBuilder(node.toString(), "--version").redirectErrorStream(true).start();
            String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            process.waitFor(30, TimeUnit.SECONDS);
            Matcher m = Pattern.compile("v(\\d+)\\..*").matcher(version);
            return m.matches() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** web-server/lambda-edge of this checkout. */
    static Path recipeDir() {
        return RecipeNginx.recipeDir().resolveSibling("lambda-edge");
    }

    /** it/src/test/node/lambda-edge-verdicts.mjs, the batch verdict script. */
    static Path verdictScript() {
        return recipeDir().getParent().resolveSibling("it").resolve("src/test/node/lambda-edge-verdicts.mjs");
    }
}
