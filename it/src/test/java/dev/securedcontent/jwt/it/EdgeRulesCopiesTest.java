package dev.securedcontent.jwt.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.core.RejectionReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * content-token-rules.js has one source, web-server/rules/content-token-rules.js; every JavaScript
 * recipe (web-server/&lt;name&gt;/ with a script that imports it) holds a generated copy, the source
 * under a "generated from" header, so an admin copies one directory. The source's RejectionReason
 * block (the reason header and each reason's HTTP status) is written from jwt-core's
 * {@link RejectionReason}. The tests fail naming what is stale; regenerate the block and every copy with
 * {@value #UPDATE_COMMAND}.
 */
class EdgeRulesCopiesTest {
    static final String RULES = "content-token-rules.js";
    static final String SOURCE = "web-server/rules/" + RULES;
    static final String UPDATE_COMMAND = "./mvnw -B verify -pl it -am -Dtest=EdgeRulesCopiesTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dinvoker.skip=true -Djwt.updateRules=true";
    static final String HEADER = "// Generated from " + SOURCE + " by it/'s EdgeRulesCopiesTest: do not edit this copy.\n"
            + "// Edit the source, then regenerate every copy: " + UPDATE_COMMAND + "\n";
    static final String BEGIN = "// BEGIN RejectionReason";
    static final String END = "// END RejectionReason\n";

    private static final Pattern IMPORTS_RULES = Pattern.compile("import\\s+\\w+\\s+from\\s+'(?:\\./)?" + Pattern.quote(RULES) + "'");
    private static final Pattern REJECTION = Pattern.compile("\\brejection\\('([A-Z_]+)'");

    private static boolean update() {
        return Boolean.getBoolean("jwt.updateRules");
    }

    @Test
    void theSourcesRejectionReasonBlockIsJwtCoresTable() throws IOException {
        Path source = webServer().resolve("rules").resolve(RULES);
        String text = Files.readString(source, StandardCharsets.UTF_8);
        String checkedIn = text.substring(blockStart(text), blockEnd(text));
        String generated = reasonBlock();
        if (update() && !checkedIn.equals(generated)) {
            Files.writeString(source, withGeneratedBlock(text), StandardCharsets.UTF_8);
            checkedIn = generated;
        }

        assertThat(checkedIn)
                .as("%s's RejectionReason block differs from jwt-core's RejectionReason; regenerate it: %s", SOURCE, UPDATE_COMMAND)
                .isEqualTo(generated);
    }

    @Test
    void theRulesRefuseOnlyForReasonsJwtCoreKnows() throws IOException {
        String text = Files.readString(webServer().resolve("rules").resolve(RULES), StandardCharsets.UTF_8);
        Set<String> thrown = new TreeSet<>();
        Matcher m = REJECTION.matcher(text);
        while (m.find()) {
            thrown.add(m.group(1));
        }

        assertThat(thrown).as("the reasons %s throws", SOURCE)
                .isSubsetOf(Arrays.stream(RejectionReason.values()).map(Enum::name).collect(Collectors.toSet()))
                .contains(RejectionReason.MISSING.name(), RejectionReason.BAD_SIGNATURE.name());
    }

    @Test
    void everyJavaScriptRecipeHoldsTheGeneratedCopy() throws IOException {
        Path webServer = webServer();
        // The source as the other test leaves it, so one run with -Djwt.updateRules=true settles both in any order.
        String expected = HEADER + withGeneratedBlock(Files.readString(webServer.resolve("rules").resolve(RULES), StandardCharsets.UTF_8));
        List<Path> recipes = javaScriptRecipes(webServer);
        assertThat(recipes).as("recipes holding or importing %s under %s", RULES, webServer).isNotEmpty();

        List<String> stale = new ArrayList<>();
        for (Path recipe : recipes) {
            Path copy = recipe.resolve(RULES);
            if (Files.isRegularFile(copy) && Files.readString(copy, StandardCharsets.UTF_8).equals(expected)) {
                continue;
            }
            if (update()) {
                Files.writeString(copy, expected, StandardCharsets.UTF_8);
            } else {
                stale.add("web-server/" + recipe.getFileName() + "/" + RULES);
            }
        }

        assertThat(stale).as("stale or missing copies of %s (edit the source, not a copy); regenerate them: %s",
                SOURCE, UPDATE_COMMAND).isEmpty();
    }

    private static int blockStart(String source) {
        int begin = source.indexOf("\n" + BEGIN);
        assertThat(begin).as("%s has no line starting '%s'", SOURCE, BEGIN).isNotNegative();
        return begin + 1;
    }

    private static int blockEnd(String source) {
        int end = source.indexOf("\n" + END, blockStart(source));
        assertThat(end).as("%s has no line '%s' after '%s'", SOURCE, END.strip(), BEGIN).isNotNegative();
        return end + 1 + END.length();
    }

    static String withGeneratedBlock(String source) {
        return source.substring(0, blockStart(source)) + reasonBlock() + source.substring(blockEnd(source));
    }

    /** The block the source carries from its BEGIN line to its END line. */
    static String reasonBlock() {
        StringBuilder out = new StringBuilder()
                .append(BEGIN).append(": written by it/'s EdgeRulesCopiesTest from jwt-core's RejectionReason; change it there.\n")
                .append("/** The response header that names the reason of a refusal. */\n")
                .append("const REASON_HEADER = '").append(RejectionReason.HEADER).append("';\n")
                .append("/** The HTTP status of a refusal for each reason (RejectionReason.httpStatus()). */\n")
                .append("const STATUS_OF_REASON = {\n");
        for (RejectionReason reason : RejectionReason.values()) {
            out.append("    ").append(reason.name()).append(": ").append(reason.httpStatus()).append(",\n");
        }
        return out.append("};\n").append(END).toString();
    }

    /**
     * Every web-server/&lt;name&gt;/ (but the source's) that holds the rules file or has a script that
     * imports it: a new JavaScript recipe gets its copy from the first regeneration.
     */
    static List<Path> javaScriptRecipes(Path webServer) throws IOException {
        List<Path> recipes = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(webServer)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                if (!dir.getFileName().toString().equals("rules") && (Files.isRegularFile(dir.resolve(RULES)) || importsRules(dir))) {
                    recipes.add(dir);
                }
            }
        }
        return recipes;
    }

    private static boolean importsRules(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".js") && Files.isRegularFile(f)).toList()) {
                if (IMPORTS_RULES.matcher(Files.readString(file, StandardCharsets.UTF_8)).find()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Path webServer() {
        return RecipeServer.recipeDir("nginx").getParent();
    }
}
