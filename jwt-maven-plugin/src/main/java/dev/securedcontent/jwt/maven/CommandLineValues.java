package dev.securedcontent.jwt.maven;

import java.util.Arrays;
import java.util.List;

/** Splits a comma-separated command-line value ({@code -Djwt.url=a,b}) into its non-blank parts. */
final class CommandLineValues {

    private CommandLineValues() {}

    static List<String> split(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
