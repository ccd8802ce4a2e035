package dev.securedcontent.jwt.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The one rule for code in the docs: every {@code ```java} block of README.md, docs/ and
 * web-server/ is code that some test of this project compiles and runs. A block counts as such
 * when its lines (stripped, blank lines dropped) appear in that order, together, in a test source;
 * {@code System.out.println(} in a doc matches {@code printed.add(} in a test, which collects what
 * the example prints in order to check it.
 */
class DocSnippetsTest {

    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyJavaBlockInTheDocsIsCodeThatATestRuns() throws IOException {
        Path root = RecipeServer.recipeDir("nginx").getParent().getParent();
        String tests;
        try (Stream<Path> files = Files.walk(root)) {
            tests = files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/test/java/"))
                    .filter(p -> !p.toString().contains("/target/"))
                    .map(DocSnippetsTest::read).map(DocSnippetsTest::normalized).collect(Collectors.joining("\n"));
        }
        List<String> docs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> p.toString().endsWith(".md")).filter(p -> !p.toString().contains("/target/"))
                    .filter(p -> !root.relativize(p).toString().startsWith(".")).forEach(p -> docs.add(root.relativize(p).toString()));
        }

        List<String> notRun = new ArrayList<>();
        int blocks = 0;
        for (String doc : docs) {
            Matcher matcher = JAVA_BLOCK.matcher(read(root.resolve(doc)));
            while (matcher.find()) {
                blocks++;
                String block = normalized(matcher.group(1));
                if (!tests.contains(block)) {
                    notRun.add(doc + ": the java block starting '" + block.lines().findFirst().orElse("") + "'");
                }
            }
        }

        assertThat(blocks).as("java blocks found in the docs").isGreaterThanOrEqualTo(10);
        assertThat(notRun).as("java blocks in the docs that no test runs (copy the block into the test that runs it, or fix the doc)")
                .isEmpty();
    }

    private static String normalized(String code) {
        return code.lines().map(String::strip).filter(line -> !line.isEmpty())
                .map(line -> line.replace("printed::add", "System.out::println").replace("printed.add(", "System.out.println("))
                .collect(Collectors.joining("\n"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
