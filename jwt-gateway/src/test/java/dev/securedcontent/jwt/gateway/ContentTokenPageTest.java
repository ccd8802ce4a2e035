package dev.securedcontent.jwt.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * docs/content-token.md against the command line it documents: every command and every option
 * the jar takes is on the page, and every option the page gives a command of the jar exists.
 */
class ContentTokenPageTest {
    /** Options picocli adds to every command. */
    private static final Set<String> STANDARD = Set.of("--help", "--version");

    @Test
    void everyCommandAndOptionOfTheJarIsOnThePage() throws IOException {
        String page = page();
        Map<String, Set<String>> missing = new TreeMap<>();
        for (Map.Entry<String, CommandLine> command : commands().entrySet()) {
            assertThat(page).as("the page names the command " + command.getKey()).contains("`" + command.getKey() + "`");
            for (OptionSpec option : command.getValue().getCommandSpec().options()) {
                if (!STANDARD.contains(option.longestName()) && !page.contains(option.longestName())) {
                    missing.computeIfAbsent(command.getKey(), k -> new TreeSet<>()).add(option.longestName());
                }
            }
        }
        assertThat(missing).as("options of the jar that docs/content-token.md does not mention").isEmpty();
    }

    @Test
    void everyOptionThePageGivesACommandOfTheJarExists() throws IOException {
        Map<String, CommandLine> commands = commands();
        // Command lines of the jar on the page: "content-token.jar <command> ..." up to the line's end.
        Matcher line = Pattern.compile("content-token(?:\\.jar)? (serve|proxy|check|audit|keygen|sign-url|inspect)\\b([^\\n`]*)")
                .matcher(page());
        Map<String, Set<String>> unknown = new TreeMap<>();
        int lines = 0;
        while (line.find()) {
            lines++;
            CommandLine command = commands.get(line.group(1));
            Matcher option = Pattern.compile("(?<![\\w-])--[a-z][a-z-]*").matcher(line.group(2));
            while (option.find()) {
                if (!STANDARD.contains(option.group()) && command.getCommandSpec().findOption(option.group()) == null) {
                    unknown.computeIfAbsent(line.group(1), k -> new TreeSet<>()).add(option.group());
                }
            }
        }
        assertThat(lines).as("command lines of the jar found on the page").isGreaterThan(5);
        assertThat(unknown).as("options docs/content-token.md gives a command that it does not take").isEmpty();
    }

    private static Map<String, CommandLine> commands() {
        StringWriter out = new StringWriter();
        return new TreeMap<>(ContentTokenCommand.commandLine(new PrintWriter(out), Clock.systemUTC(), new Startup(new PrintWriter(out)))
                .getSubcommands());
    }

    private static String page() throws IOException {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path page = p.resolve("docs/content-token.md");
            if (Files.isRegularFile(page)) {
                return Files.readString(page);
            }
        }
        throw new IOException("docs/content-token.md not found above " + Path.of("").toAbsolutePath());
    }
}
