package dev.securedcontent.jwt.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HashProgressTest {
    private static final long GIB = 1L << 30;

    private final SteppedClock clock = new SteppedClock();
    private final List<String> lines = new ArrayList<>();
    private final HashProgress progress = new HashProgress("Tool.pkg", clock, lines::add);

    @Test
    void aFileHashedWithinTheFirstSecondsLogsNothing() {
        // when 1 GiB is hashed in 4.9 s
        for (int tenth = 1; tenth <= 10; tenth++) {
            clock.advance(Duration.ofMillis(490));
            progress.hashed(GIB * tenth / 10, GIB);
        }

        // then
        assertThat(lines).isEmpty();
    }

    @Test
    void aLargeFileLogsAtEveryTenthWithRateAndTimeLeftThenAClosingLine() {
        // when 8 GiB are hashed at 256 MiB/s (a report after every 128 MiB, half a second apart)
        for (long done = 128L << 20; done <= 8 * GIB; done += 128L << 20) {
            clock.advance(Duration.ofMillis(500));
            progress.hashed(done, 8 * GIB);
        }

        // then: quiet for the first 5 s (1.25 GiB, 15 %), then one line per further 10 %, then the total
        assertThat(lines).hasSize(10);
        assertThat(lines.get(0)).isEqualTo("jwt:sign: hashing Tool.pkg: 1.3 GiB of 8.0 GiB (15 %), 256 MiB/s, about 27 s left");
        assertThat(lines.get(1)).startsWith("jwt:sign: hashing Tool.pkg: 1.6 GiB of 8.0 GiB (20 %)");
        assertThat(lines.get(8)).startsWith("jwt:sign: hashing Tool.pkg: 7.3 GiB of 8.0 GiB (90 %)");
        assertThat(lines.get(9)).isEqualTo("jwt:sign: hashed Tool.pkg: 8.0 GiB in 32 s (256 MiB/s)");
    }

    @Test
    void aSlowFileStillLogsEveryHalfMinute() {
        // when 10 GiB crawl at 1 MiB/s, reported every second for two minutes
        for (int second = 1; second <= 120; second++) {
            clock.advance(Duration.ofSeconds(1));
            progress.hashed(second * (1L << 20), 10 * GIB);
        }

        // then: a line at 5 s (the first tenth), then every 30 s
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("jwt:sign: hashing Tool.pkg: 5 MiB of 10.0 GiB (0 %), 1 MiB/s, about");
        assertThat(lines.get(3)).startsWith("jwt:sign: hashing Tool.pkg: 95 MiB of 10.0 GiB (0 %)");
    }

    /** A clock that moves only when told. */
    private static final class SteppedClock extends Clock {
        private Instant now = Instant.parse("2026-03-01T10:00:00Z");

        void advance(Duration step) {
            now = now.plus(step);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
