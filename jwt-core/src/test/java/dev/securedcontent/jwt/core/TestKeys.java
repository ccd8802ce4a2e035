package dev.securedcontent.jwt.core;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Key pairs and a fixed clock shared (read-only) by the token tests; generating RSA keys is slow. */
final class TestKeys {
    static final KeyPair TRUSTED = BadTokenCorpus.newKeyPair();
    static final KeyPair UNTRUSTED = BadTokenCorpus.newKeyPair();
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private TestKeys() {}
}
