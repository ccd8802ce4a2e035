package dev.securedcontent.jwt.it;

import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Lambda@Edge handler under Node.js is held to the shared tables (see EnforcementPointParity):
 * every URL becomes a viewer-request event; one node process judges a whole table.
 */
class LambdaEdgeParityTest extends EnforcementPointParity {
    private static final String PATH = "/apps/App.pkg";
    private Path dir;

    @Override
    void start(Path dir, List<RSAPublicKey> keys) throws Exception {
        RecipeLambdaEdge.nodeBinary();
        this.dir = dir;
        StringBuilder pem = new StringBuilder();
        keys.forEach(key -> pem.append(RecipeNginx.pem(key)));
        Files.writeString(dir.resolve("jamf-public-key.pem"), pem);
    }

    @Override
    URI contentUrl(String query) {
        return URI.create("https://d111111abcdef8.cloudfront.net" + PATH + (query == null ? "" : "?" + query));
    }

    @Override
    Map<String, Verdict> verdicts(Map<String, URI> urls) {
        try {
            Path requests = Files.createTempFile(dir, "requests", ".txt");
            Path verdicts = dir.resolve(requests.getFileName() + ".verdicts");
            List<String> lines = new ArrayList<>();
            urls.values().forEach(url -> lines.add(url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery())));
            Files.write(requests, lines);
            RecipeLambdaEdge.Run run = RecipeLambdaEdge.node(dir, RecipeLambdaEdge.verdictScript().toString(),
                    RecipeLambdaEdge.recipeDir().resolve("index.js").toString(), dir.resolve("jamf-public-key.pem").toString(),
                    requests.toString(), verdicts.toString());
            if (run.exitCode() != 0) {
                throw new IllegalStateException("the verdict script failed (" + run.exitCode() + "): " + run.output());
            }
            List<String> answers = Files.readAllLines(verdicts);
            Map<String, Verdict> result = new LinkedHashMap<>();
            int i = 0;
            for (String name : urls.keySet()) {
                String[] answer = answers.get(i++).split(" ", 2);
                result.put(name, answer.length == 1 ? Verdict.ACCEPTED : new Verdict(Integer.parseInt(answer[0]), answer[1]));
            }
            return result;
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    void stop() {
        // nothing runs between tables
    }
}
