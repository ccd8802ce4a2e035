package dev.securedcontent.jwt.core;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Tokens one verifier has fully verified, so a device's many Range requests with one token cost a
 * hash lookup instead of an RSA operation.
 *
 * <p>Keyed by the whole token string: a hit is byte for byte a token whose signature an accepted
 * key of the owning (immutable) verifier verified, so nothing but the clock needs checking again.
 * Bounded: when full, expired entries go first, then arbitrary ones; eviction runs under a
 * try-lock taken only on the miss path, so lookups never wait for it.
 */
final class VerifiedTokenCache {
    /** A verified token and its times ({@code Long.MIN_VALUE} when nbf or iat is absent). */
    record Entry(VerifiedContentToken token, long exp, long nbf, long iat) {}

    private final int maxEntries;
    private final ConcurrentHashMap<String, Entry> entries;
    private final ReentrantLock evictionLock = new ReentrantLock();

    VerifiedTokenCache(int maxEntries) {
        this.maxEntries = maxEntries;
        this.entries = new ConcurrentHashMap<>(Math.min(maxEntries, 1024) * 2);
    }

    Entry get(String token) {
        return entries.get(token);
    }

    /**
     * Remembers a verified token.
     *
     * @param expiredAtOrBefore entries with {@code exp} at or before this (now minus skew) are dead
     */
    void put(String token, Entry entry, long expiredAtOrBefore) {
        if (entries.size() >= maxEntries) {
            evict(expiredAtOrBefore);
            if (entries.size() >= maxEntries) {
                return; // another thread is evicting or everything is live: stay bounded, skip caching
            }
        }
        entries.put(token, entry);
    }

    int size() {
        return entries.size();
    }

    private void evict(long expiredAtOrBefore) {
        if (!evictionLock.tryLock()) {
            return;
        }
        try {
            entries.values().removeIf(e -> e.exp() <= expiredAtOrBefore);
            // Still full of live tokens: drop about a quarter, in hash order (arbitrary but cheap).
            int target = maxEntries - Math.max(1, maxEntries / 4);
            Iterator<String> keys = entries.keySet().iterator();
            while (entries.size() > target && keys.hasNext()) {
                keys.next();
                keys.remove();
            }
        } finally {
            evictionLock.unlock();
        }
    }
}
