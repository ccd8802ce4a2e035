package dev.securedcontent.jwt.gateway;

import dev.securedcontent.jwt.core.ContentTokenVerifier;
import dev.securedcontent.jwt.servlet.ContentTokenFilter;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The filter for the current content of the key files: each request may look at the files' size
 * and modification time, at most once per {@link #CHECK_INTERVAL}; a change builds a new verifier
 * (and so a new, empty verdict cache: added keys count at once, removed keys lose every verdict
 * they gave). A file that no longer reads keeps the keys in force and logs why.
 */
final class ReloadingKeys {
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

    private static final System.Logger LOG = System.getLogger(ReloadingKeys.class.getName());

    private final List<Path> files;
    private final Clock clock;
    private final int cacheSize;
    private final CheckBudget budget;
    private final AtomicLong nextCheck;
    private volatile List<String> stamps;
    private volatile InForce inForce;
    private volatile String problem;

    /**
     * The keys, their filter and verifier, and the counts of the verifiers they replaced: swapped
     * as one, so the counts read as a sum never go down.
     */
    private record InForce(List<RSAPublicKey> keys, ContentTokenFilter filter, ContentTokenVerifier verifier,
            long retiredFullChecks, long retiredCacheHits) {
        long fullChecks() {
            return retiredFullChecks + verifier.fullChecks();
        }

        long cacheHits() {
            return retiredCacheHits + verifier.cacheHits();
        }
    }

    /** Reads the files now: {@link BadInput} when they do not hold a public key each. */
    ReloadingKeys(List<Path> files, Clock clock, int cacheSize) {
        this(files, clock, cacheSize, null);
    }

    /** As above, every full check of every verifier taken from {@code budget} (null: no budget). */
    ReloadingKeys(List<Path> files, Clock clock, int cacheSize, CheckBudget budget) {
        this.files = List.copyOf(files);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.cacheSize = cacheSize;
        this.budget = budget;
        this.stamps = stamps();
        this.inForce = inForce(KeyFiles.read(this.files), null);
        this.nextCheck = new AtomicLong(clock.millis() + CHECK_INTERVAL.toMillis());
    }

    /** The filter for the keys in force, having re-read the files when they changed. */
    ContentTokenFilter filter() {
        return inForceNow().filter();
    }

    /** The verifier for the keys in force (its verdict cache included), having re-read the files when they changed. */
    ContentTokenVerifier current() {
        return inForceNow().verifier();
    }

    private InForce inForceNow() {
        long now = clock.millis();
        long due = nextCheck.get();
        // One request per interval looks at the files; the others use the keys in force.
        if (now >= due && nextCheck.compareAndSet(due, now + CHECK_INTERVAL.toMillis())) {
            reloadIfChanged();
        }
        return inForce;
    }

    /** The budget of full checks, or null without one. */
    CheckBudget budget() {
        return budget;
    }

    /** The keys in force. */
    List<RSAPublicKey> keys() {
        return inForce.keys();
    }

    /** Tokens checked in full since the start, by every verifier the keys had. */
    long fullChecks() {
        return inForce.fullChecks();
    }

    /** Tokens answered from a verdict cache since the start. */
    long cacheHits() {
        return inForce.cacheHits();
    }

    /**
     * Null when the keys are ready: loaded, and every file readable as it now is; else what is
     * wrong (the keys read before stay in force meanwhile).
     */
    String notReady() {
        filter();
        for (Path file : files) {
            if (!Files.isReadable(file)) {
                return file + " cannot be read (the " + keys().size() + " key(s) read before stay in force)";
            }
        }
        return problem;
    }

    private void reloadIfChanged() {
        List<String> now = stamps();
        if (now.equals(stamps)) {
            return;
        }
        try {
            List<RSAPublicKey> read = KeyFiles.read(files);
            inForce = inForce(read, inForce);
            stamps = now;
            problem = null;
            LOG.log(Level.WARNING, () -> "key files changed: " + read.size() + " key(s) in force from " + files);
        } catch (BadInput e) {
            // Keep serving with the keys in force; say it once per change of the files.
            stamps = now;
            String kept = e.getMessage() + " (the " + keys().size() + " key(s) read before stay in force)";
            problem = kept;
            LOG.log(Level.WARNING, kept);
        }
    }

    private List<String> stamps() {
        List<String> stamps = new ArrayList<>();
        for (Path file : files) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                stamps.add(a.lastModifiedTime() + " " + a.size() + " " + a.fileKey());
            } catch (IOException e) {
                stamps.add("unreadable: " + e.getClass().getSimpleName());
            }
        }
        return stamps;
    }

    private InForce inForce(List<RSAPublicKey> accepted, InForce replaced) {
        ContentTokenVerifier.Builder builder = ContentTokenVerifier.builder(accepted).beforeFullCheck(budget == null ? null : CheckBudget.gate(budget));
        if (cacheSize > 0) {
            builder.cacheVerifiedTokens(cacheSize);
        }
        ContentTokenVerifier verifier = builder.build();
        return new InForce(List.copyOf(accepted), new ContentTokenFilter(verifier), verifier,
                replaced == null ? 0 : replaced.fullChecks(), replaced == null ? 0 : replaced.cacheHits());
    }
}
