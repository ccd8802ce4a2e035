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
    private final AtomicLong nextCheck;
    private volatile List<String> stamps;
    private volatile ContentTokenFilter filter;
    private volatile List<RSAPublicKey> keys;

    /** Reads the files now: {@link BadInput} when they do not hold a public key each. */
    ReloadingKeys(List<Path> files, Clock clock, int cacheSize) {
        this.files = List.copyOf(files);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.cacheSize = cacheSize;
        this.stamps = stamps();
        this.keys = KeyFiles.read(this.files);
        this.filter = filterFor(keys);
        this.nextCheck = new AtomicLong(clock.millis() + CHECK_INTERVAL.toMillis());
    }

    /** The filter for the keys in force, having re-read the files when they changed. */
    ContentTokenFilter filter() {
        long now = clock.millis();
        long due = nextCheck.get();
        // One request per interval looks at the files; the others use the filter in force.
        if (now >= due && nextCheck.compareAndSet(due, now + CHECK_INTERVAL.toMillis())) {
            reloadIfChanged();
        }
        return filter;
    }

    /** The keys in force. */
    List<RSAPublicKey> keys() {
        return keys;
    }

    private void reloadIfChanged() {
        List<String> now = stamps();
        if (now.equals(stamps)) {
            return;
        }
        try {
            List<RSAPublicKey> read = KeyFiles.read(files);
            keys = read;
            filter = filterFor(read);
            stamps = now;
            LOG.log(Level.WARNING, () -> "key files changed: " + read.size() + " key(s) in force from " + files);
        } catch (BadInput e) {
            // Keep serving with the keys in force; say it once per change of the files.
            stamps = now;
            LOG.log(Level.WARNING, () -> e.getMessage() + " (the " + keys.size() + " key(s) read before stay in force)");
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

    private ContentTokenFilter filterFor(List<RSAPublicKey> accepted) {
        ContentTokenVerifier.Builder builder = ContentTokenVerifier.builder(accepted);
        if (cacheSize > 0) {
            builder.cacheVerifiedTokens(cacheSize);
        }
        return new ContentTokenFilter(builder.build());
    }
}
