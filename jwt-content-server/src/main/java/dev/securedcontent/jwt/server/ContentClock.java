package dev.securedcontent.jwt.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The content server's clock: it stands still until a test moves it, so a test can step past a
 * token's {@code exp} without sleeping. The server's verifier and signer both read it.
 *
 * <p>Thread-safe. A server shared by a whole class shares its clock: a test that moves time
 * should run on a server of its own (a per-test {@code @RegisterExtension} field).
 */
public final class ContentClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    ContentClock(Instant start) {
        this(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    private ContentClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** Moves the clock forward (or backward, for a negative duration) and returns the new instant. */
    public Instant advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        return now.updateAndGet(instant -> instant.plus(duration));
    }

    /** Sets the clock to {@code instant}. */
    public void setInstant(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** A view in another zone that shares this clock's time (moving one moves both). */
    @Override
    public ContentClock withZone(ZoneId otherZone) {
        return new ContentClock(now, Objects.requireNonNull(otherZone, "zone"));
    }

    @Override
    public String toString() {
        return "ContentClock[" + now.get() + "]";
    }
}
