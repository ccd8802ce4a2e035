package dev.securedcontent.jwt.server;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** Everything a content server is started with, validated by {@link ContentServerOptions}. */
record ServerSettings(
        Path contentDirectory,
        String contentClasspathRoot,
        boolean https,
        Duration tokenExpiry,
        Duration clockSkew,
        int keySize,
        KeyPair keyPair,
        Path privateKeyFile,
        List<PublicKey> extraAcceptedKeys,
        List<Path> extraPublicKeyFiles,
        boolean exposeRejectionReason,
        boolean tokenCheck,
        Instant startInstant,
        List<Consumer<WireMockConfiguration>> wireMockCustomizers) {

    ServerSettings {
        extraAcceptedKeys = List.copyOf(extraAcceptedKeys);
        extraPublicKeyFiles = List.copyOf(extraPublicKeyFiles);
        wireMockCustomizers = List.copyOf(wireMockCustomizers);
    }
}
