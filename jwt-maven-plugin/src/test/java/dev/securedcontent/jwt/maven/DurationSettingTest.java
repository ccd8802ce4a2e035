package dev.securedcontent.jwt.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

class DurationSettingTest {

    @Test
    void plainNumberIsMinutes() throws Exception {
        assertThat(DurationSetting.parse("jwt.expiry", "5")).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void isoDurationIsAcceptedInAnyCase() throws Exception {
        assertThat(DurationSetting.parse("jwt.minRemaining", "pt90s")).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void zeroIsAllowed() throws Exception {
        assertThat(DurationSetting.parse("jwt.minRemaining", " 0 ")).isZero();
    }

    @Test
    void garbageNamesTheParameterTheValueAndTheFix() {
        assertThatThrownBy(() -> DurationSetting.parse("jwt.minRemaining", "five"))
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContainingAll("jwt.minRemaining", "'five'", "PT5M");
    }

    @Test
    void negativeIsRefused() {
        assertThatThrownBy(() -> DurationSetting.parse("jwt.expiry", "-PT5M"))
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("negative");
    }

    @Test
    void formatsWholeMinutesAsMinutes() {
        assertThat(DurationSetting.format(Duration.ofMinutes(120))).isEqualTo("120 min");
        assertThat(DurationSetting.format(Duration.ofSeconds(90))).isEqualTo("PT1M30S");
    }
}
