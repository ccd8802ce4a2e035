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
     * Thrown by the gate instead of waiting, for a caller that must not block ({@link #forClientWithoutWaiting}):
     * the check's turn is reserved and comes in {@link #nanos()}; the caller waits elsewhere and asks
     * again after {@link #forReservedTurn()}.
     */
    static final class Wait extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final long nanos;

        Wait(long nanos) {
            super("wait " + nanos + " ns for the turn", null, false, false);
            this.nanos = nanos;
        }

        long nanos() {
            return nanos;
        }
    }

    /** Whose the next full checks of a thread are, and how the gate lets them wait. */
    private record Caller(String client, boolean mayBlock, boolean reserved) {}

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

    /** The budget's gate, for {@code ContentTokenVerifier.Builder.beforeFullCheck}. */
    Runnable gate() {
        return this::take;
    }

    /**
     * The full checks this thread asks for next count against {@code client}'s share, each waiting
     * its turn in this thread (until {@link #done()}).
     */
    static void forClient(String client) {
        CALLER.set(new Caller(client, true, false));
    }

    /** As {@link #forClient}, but a check whose turn is not yet due throws {@link Wait} instead of waiting. */
    static void forClientWithoutWaiting(String client) {
        CALLER.set(new Caller(client, false, false));
    }

    /** The full check this thread asks for next runs at once: its turn was reserved and waited for ({@link Wait}). */
    static void forReservedTurn() {
        CALLER.set(new Caller(null, true, true));
    }

    /** The checks that follow are no client's. */
    static void done() {
        CALLER.remove();
    }

    /** Waits as the gate would, for a turn reserved by {@link Wait}. */
    void await(Wait wait) {
        sleeper.sleep(wait.nanos());
    }

    /** Full checks refused over the budget. */
    long refusals() {
        return refusals.sum();
    }

    private void take() {
        Caller caller = CALLER.get();
        if (caller == null) {
            return;
        }
        if (caller.reserved()) {
            return;
        }
        long wait = reserve(caller.client(), nanos());
        if (wait > 0) {
            if (!caller.mayBlock()) {
                throw new Wait(wait);
            }
            sleeper.sleep(wait);
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
