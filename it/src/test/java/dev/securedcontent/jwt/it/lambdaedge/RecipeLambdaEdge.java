package dev.securedcontent.jwt.it.lambdaedge;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.securedcontent.jwt.it.EnforcementPoint;
import dev.securedcontent.jwt.it.RecipeServer;
import dev.securedcontent.jwt.it.ServerRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Lambda@Edge recipe (web-server/lambda-edge) run by a real Node.js 20 or later, the runtime
 * Lambda@Edge offers: node found on the PATH; tests skip without it unless the environment
 * variable CI is set (then they fail).
 */
public final class RecipeLambdaEdge {
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

    /**
     * The handler as an {@link EnforcementPoint}: nothing listens; every URL becomes a
     * viewer-request event, one node process judging a whole table.
     */
    public static EnforcementPoint.Running point(ServerRoot root, Path dir, List<RSAPublicKey> keys) throws IOException {
        nodeBinary();
        StringBuilder pem = new StringBuilder();
        keys.forEach(key -> pem.append(RecipeServer.pem(key)));
        Path keyFile = Files.writeString(dir.resolve("jamf-public-key.pem"), pem);
        return new EnforcementPoint.Running() {
            @Override
            public String contentPath() {
                return "/apps/App.pkg";
            }

            @Override
            public URI uri(String pathAndQuery) {
                return URI.create("https://d111111abcdef8.cloudfront.net" + pathAndQuery);
            }

            @Override
            public byte[] content() {
                throw new UnsupportedOperationException("no origin behind the handler: it judges requests only");
            }

            @Override
            public Map<String, EnforcementPoint.Verdict> verdicts(Map<String, URI> urls) {
                try {
                    Path requests = Files.createTempFile(dir, "requests", ".txt");
                    Path verdicts = dir.resolve(requests.getFileName() + ".verdicts");
                    List<String> lines = new ArrayList<>();
                    urls.values().forEach(url -> lines.add(url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery())));
                    Files.write(requests, lines);
                    Run run = node(dir, verdictScript().toString(), recipeDir().resolve("index.js").toString(), keyFile.toString(),
                            requests.toString(), verdicts.toString());
                    if (run.exitCode() != 0) {
                        throw new IllegalStateException("the verdict script failed (" + run.exitCode() + "): " + run.output());
                    }
                    List<String> answers = Files.readAllLines(verdicts);
                    Map<String, EnforcementPoint.Verdict> result = new LinkedHashMap<>();
                    int i = 0;
                    for (String name : urls.keySet()) {
                        String[] answer = answers.get(i++).split(" ", 2);
                        result.put(name, answer.length == 1 ? EnforcementPoint.Verdict.ACCEPTED
                                : new EnforcementPoint.Verdict(Integer.parseInt(answer[0]), answer[1]));
                    }
                    return result;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void close() {
                // nothing runs between tables
            }
        };
    }

    /** web-server/lambda-edge of this checkout. */
    static Path recipeDir() {
        return RecipeServer.recipeDir("lambda-edge");
    }

    /** it/src/test/node/lambda-edge-verdicts.mjs, the batch verdict script. */
    static Path verdictScript() {
        return recipeDir().getParent().resolveSibling("it").resolve("src/test/node/lambda-edge-verdicts.mjs");
    }
}
