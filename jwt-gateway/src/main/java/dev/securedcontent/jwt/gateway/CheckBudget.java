package dev.securedcontent.jwt.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The budget of full checks (tokens the verdict cache cannot answer): at most {@code rate} a
 * second overall and {@code clientRate} a second per client address, as the nginx recipe's
 * {@code limit_req} zones. A burst of a tenth of a second's worth passes at once; above it a check
 * waits its turn up to {@link #MAX_WAIT_NANOS}; beyond that it is refused ({@link Busy}), taking
 * nothing from either budget. The verdict cache answers before the budget is asked (the verifier's
 * {@code beforeFullCheck} gate), so downloads already verified never wait for it.
 *
 * <p>Each budget is a GCRA (generic cell rate algorithm) schedule: one "theoretical arrival time"
 * per budget, so the cost is a lock and a map lookup per full check, next to the RSA operation's
 * 50-100 us. About {@link #MAX_CLIENTS} client addresses are remembered, least recently used out
 * first (a forgotten one starts with a full share again).
 */
final class CheckBudget {
    /** How long a check may wait for its turn before it is refused. */
    static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Client addresses remembered. */
    static final int MAX_CLIENTS = 100_000;
    /** The verdict (X-Content-Token-Reason and access log) of a refusal: as the nginx recipe's. */
    static final String BUSY = "BUSY";
    /** The body of that refusal, as a refusal for a {@code RejectionReason} reads. */
    static final byte[] BUSY_BODY = ("content token " + BUSY + "\n").getBytes(StandardCharsets.UTF_8);

    /** A check refused over the budget: the gateway answers 503 with Retry-After: 1. */
    static final class Busy extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Busy(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Thrown by the gate for a caller that must not wait ({@link #forClientDeferring}) when the
     * check's turn is not yet due: the turn is reserved; the caller runs the check in another thread,
     * after {@link #awaitTurn()}, and {@link #forReservedTurn()}.
     */
    static final class Deferred extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Sleeper sleeper;
        private final long nanos;

        Deferred(Sleeper sleeper, long nanos) {
            super("full check deferred; its turn in " + nanos + " ns", null, false, false);
            this.sleeper = sleeper;
            this.nanos = nanos;
        }

        /** Waits until the reserved turn. */
        void awaitTurn() {
            sleeper.sleep(nanos);
        }
    }

    /** Whose the next full checks of a thread are, and where they run. */
    private record Caller(String client, boolean deferring, boolean reserved) {}

    private static final ThreadLocal<Caller> CALLER = new ThreadLocal<>();

    private final Clock clock;
    private final long interval;
    private final long tolerance;
    private final long clientInterval;
    private final long clientTolerance;
    private long overall;
    private final Map<String, long[]> clients = new LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
            return size() > MAX_CLIENTS;
        }
    };
    private final LongAdder refusals = new LongAdder();
    private final Sleeper sleeper;

    /** How a check waits its turn; tests replace it. */
    interface Sleeper {
        void sleep(long nanos);
    }

    /** {@code rate} full checks a second overall, {@code clientRate} per client address; both over 0. */
    CheckBudget(int rate, int clientRate, Clock clock) {
        this(rate, clientRate, clock, LockSupport::parkNanos);
    }

    CheckBudget(int rate, int clientRate, Clock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.interval = TimeUnit.SECONDS.toNanos(1) / rate;
        this.tolerance = (burst(rate) - 1) * interval;
        this.clientInterval = TimeUnit.SECONDS.toNanos(1) / clientRate;
        this.clientTolerance = (burst(clientRate) - 1) * clientInterval;
        this.overall = Long.MIN_VALUE;
    }

    /** Checks that pass at once: a tenth of a second's worth, at least one. */
    private static long burst(int rate) {
        return Math.max(1, rate / 10);
    }

    /** The gate for {@code ContentTokenVerifier.Builder.beforeFullCheck}, of {@code budget} (null: none, the gate passes). */
    static Runnable gate(CheckBudget budget) {
        return () -> take(budget);
    }

    /**
     * The full checks this thread asks for next count against {@code client}'s share, each waiting
     * its turn in this thread (until {@link #done()}).
     */
    static void forClient(String client) {
        CALLER.set(new Caller(client, false, false));
    }

    /**
     * As {@link #forClient}, for a thread that must not wait (Jetty's selector thread, whose other
     * connections would wait too): a check whose turn is not yet due throws {@link Deferred}.
     */
    static void forClientDeferring(String client) {
        CALLER.set(new Caller(client, true, false));
    }

    /** The full check this thread asks for next runs at once: its turn was reserved and waited for ({@link Deferred}). */
    static void forReservedTurn() {
        CALLER.set(new Caller(null, false, true));
    }

    /** The checks that follow are no client's. */
    static void done() {
        CALLER.remove();
    }

    /** Full checks refused over the budget. */
    long refusals() {
        return refusals.sum();
    }

    private static void take(CheckBudget budget) {
        Caller caller = CALLER.get();
        if (caller == null || caller.reserved()) {
            return;
        }
        long wait = budget == null ? 0 : budget.reserve(caller.client(), budget.nanos());
        if (wait > 0) {
            if (caller.deferring()) {
                throw new Deferred(budget.sleeper, wait);
            }
            budget.sleeper.sleep(wait);
        }
    }

    /** Reserves a check at {@code now} for {@code client}: the nanoseconds to wait first; {@link Busy} when too many. */
    synchronized long reserve(String client, long now) {
        long[] share = clients.get(client);
        long overallAt = next(overall, now, interval, tolerance);
        long clientAt = next(share == null ? Long.MIN_VALUE : share[0], now, clientInterval, clientTolerance);
        if (overallAt - tolerance - now > MAX_WAIT_NANOS || clientAt - clientTolerance - now > MAX_WAIT_NANOS) {
            refusals.increment();
            throw new Busy("over the budget of full checks" + (clientAt - clientTolerance - now > MAX_WAIT_NANOS
                    ? " of this client address" : ""));
        }
        overall = overallAt + interval;
        if (share == null) {
            clients.put(client, new long[] {clientAt + clientInterval});
        } else {
            share[0] = clientAt + clientInterval;
        }
        return Math.max(0, Math.max(overallAt - tolerance, clientAt - clientTolerance) - now);
    }

    /**
     * When a budget's next check may run: its schedule, not before now; a schedule further ahead than
     * any reservation can leave it (the clock went back) starts again from now.
     */
    private static long next(long scheduled, long now, long interval, long tolerance) {
        if (scheduled == Long.MIN_VALUE || scheduled < now || scheduled - now > tolerance + MAX_WAIT_NANOS + interval) {
            return now;
        }
        return scheduled;
    }

    private long nanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
