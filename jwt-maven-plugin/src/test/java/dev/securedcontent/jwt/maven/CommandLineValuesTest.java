package dev.securedcontent.jwt.maven;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandLineValuesTest {

    @Test
    void splitsOnCommasAndDropsBlanks() {
        assertThat(CommandLineValues.split(" https://a/x.ipa?token=1 , ,https://b/y.pkg"))
                .containsExactly("https://a/x.ipa?token=1", "https://b/y.pkg");
    }

    @Test
    void absentOrBlankIsEmpty() {
        assertThat(CommandLineValues.split(null)).isEmpty();
        assertThat(CommandLineValues.split("  ")).isEmpty();
    }
}
