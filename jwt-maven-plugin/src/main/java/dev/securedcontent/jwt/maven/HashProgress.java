package dev.securedcontent.jwt.maven;

import dev.securedcontent.jwt.core.manifest.ChunkHashes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Log lines while jwt:sign hashes a large file: nothing for a file done within {@link #QUIET}, then
 * a line at every further 10 % (or after {@link #AT_LEAST_EVERY} without one) with bytes done,
 * rate and time left, and a closing line. Called by the hashing threads one at a time.
 */
final class HashProgress implements ChunkHashes.Progress {
    static final Duration QUIET = Duration.ofSeconds(5);
    static final Duration AT_LEAST_EVERY = Duration.ofSeconds(30);

    private final String name;
    private final Clock clock;
    private final Consumer<String> info;
    private final Instant start;
    private Instant lastLine;
    private long lastTenth = -1;

    HashProgress(String name, Clock clock, Consumer<String> info) {
        this.name = name;
        this.clock = clock;
        this.info = info;
        this.start = clock.instant();
    }

    @Override
    public void hashed(long bytesDone, long totalBytes) {
        Instant now = clock.instant();
        Duration elapsed = Duration.between(start, now);
        if (elapsed.compareTo(QUIET) < 0) {
            return;
        }
        if (bytesDone >= totalBytes) {
            if (lastLine != null) {
                info.accept("jwt:sign: hashed " + name + ": " + bytes(totalBytes) + " in " + seconds(elapsed)
                        + " (" + rate(totalBytes, elapsed) + ")");
            }
            return;
        }
        long tenth = bytesDone * 10 / totalBytes;
        if (tenth > lastTenth || Duration.between(lastLine, now).compareTo(AT_LEAST_EVERY) >= 0) {
            long percent = bytesDone * 100 / totalBytes;
            double perSecond = bytesDone / Math.max(elapsed.toMillis() / 1000.0, 0.001);
            Duration left = Duration.ofSeconds((long) Math.ceil((totalBytes - bytesDone) / Math.max(perSecond, 1)));
            info.accept("jwt:sign: hashing " + name + ": " + bytes(bytesDone) + " of " + bytes(totalBytes) + " (" + percent
                    + " %), " + rate(bytesDone, elapsed) + ", about " + seconds(left) + " left");
            lastTenth = tenth;
            lastLine = now;
        }
    }

    private static String bytes(long count) {
        double mib = count / 1_048_576.0;
        return mib >= 1024 ? String.format(Locale.ROOT, "%.1f GiB", mib / 1024) : String.format(Locale.ROOT, "%.0f MiB", mib);
    }

    private static String rate(long count, Duration elapsed) {
        return String.format(Locale.ROOT, "%.0f MiB/s", count / 1_048_576.0 / Math.max(elapsed.toMillis() / 1000.0, 0.001));
    }

    private static String seconds(Duration duration) {
        long s = duration.toSeconds();
        return s >= 120 ? s / 60 + " min " + s % 60 + " s" : s + " s";
    }
}
