package dev.securedcontent.jwt.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The quick start's summary as README.md shows it matches what CI requires of a real run: every
 * line of .ci/quickstart-summary.expected (one regular expression each, which .ci/steps/quickstart.sh
 * checks the real summary with) matches a line of the README's summary block.
 */
class QuickstartSummaryDocTest {

    private static final Pattern SUMMARY_BLOCK =
            Pattern.compile("## What `\\./quickstart\\.sh` does.*?```text\n(.*?)```", Pattern.DOTALL);

    @Test
    void theReadmeShowsTheSummaryCiExpects() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<String> expected = Files.readAllLines(root.resolve(".ci/quickstart-summary.expected"), StandardCharsets.UTF_8)
                .stream().filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        Matcher block = SUMMARY_BLOCK.matcher(Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8));
        assertThat(block.find()).as("README.md's summary block under \"What ./quickstart.sh does\"").isTrue();
        // The README shortens the token's payload: "eyJ...Is...<redacted>" stands for "eyJ...Is.<redacted>".
        List<String> shown = block.group(1).replace("...<redacted>", ".<redacted>").lines().toList();

        assertThat(expected).as(".ci/quickstart-summary.expected").hasSizeGreaterThanOrEqualTo(10);
        assertThat(expected).as("lines of .ci/quickstart-summary.expected that no line of README.md's summary matches")
                .filteredOn(regex -> shown.stream().noneMatch(line -> Pattern.compile(regex).matcher(line).find()))
                .isEmpty();
    }
}
