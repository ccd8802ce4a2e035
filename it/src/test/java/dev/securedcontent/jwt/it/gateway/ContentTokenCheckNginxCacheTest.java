package dev.securedcontent.jwt.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.core.BadTokenCorpus;
import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.core.RawJws;
import dev.securedcontent.jwt.core.RsaKeys;
import dev.securedcontent.jwt.it.RawHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verdict cache of the shipped nginx snippet (content-token-check-http.conf) in front of
 * {@code content-token check}: a repeated token is answered without asking the check, a verdict
 * never answers for another token or URI, refusals are never kept, and an allow ends when the
 * token's validity does; a full cache (its keys zone) falls back to asking the check.
 */
class ContentTokenCheckNginxCacheTest {
    @TempDir
    Path dir;
    private KeyPair keys;
    private ContentTokenJar check;
    private PlainNginx nginx;
    private Path checkLog;

    @BeforeEach
    void start() throws Exception {
        keys = RsaKeys.generate(2048);
        Path www = Files.createDirectories(dir.resolve("www/apps"));
        Files.write(www.resolve("App.pkg"), new byte[4096]);
        Files.write(www.resolve("Other.pkg"), new byte[4096]);
        checkLog = dir.resolve("check.log");
        check = ContentTokenJar.start(dir, "check", List.of("--keys", ContentTokenJar.keyFile(dir, List.of(keys.getPublic())).toString(),
                "--access-log", checkLog.toString()));
        nginx = ContentTokenJar.nginxInFrontOfCheck(dir, check.port());
    }

    @AfterEach
    void stop() {
        if (nginx != null) {
            nginx.close();
        }
        if (check != null) {
            check.close();
        }
    }

    /** The check's access log once it has {@code lines} lines (bounded wait). */
    private long checksAfter(long lines) {
        return check.process().awaitLog(checkLog, log -> log.lines().count() >= lines).lines().count();
    }

    @Test
    void aRepeatedTokenIsAnsweredByNginxAndAVerdictNeverAnswersForAnotherTokenOrUri() {
        String token = ContentTokenSigner.builder(keys.getPrivate()).build().sign();
        String forged = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BA" : "AA");

        // The first two requests are asked (the allow is kept from the second on), the rest answered by nginx.
        for (int i = 0; i < 2; i++) {
            assertThat(RawHttp.get(nginx.port(), "/apps/App.pkg?token=" + token).status()).isEqualTo(200);
            assertThat(checksAfter(i + 1)).isEqualTo(i + 1);
        }
        for (int i = 0; i < 5; i++) {
            assertThat(RawHttp.get(nginx.port(), "/apps/App.pkg?token=" + token).status()).isEqualTo(200);
        }
        // Another URI with the same token, then refusals: each is asked (the check logs it); had a repeat
        // above reached the check, its line would be there before these (one request at a time).
        assertThat(RawHttp.get(nginx.port(), "/apps/Other.pkg?token=" + token).status()).isEqualTo(200);
        assertThat(checksAfter(3)).as("the repeats came from the cache; another URI was checked").isEqualTo(3);
        assertThat(RawHttp.get(nginx.port(), "/apps/App.pkg?a=1&token=" + token).status()).isEqualTo(200);
        assertThat(checksAfter(4)).isEqualTo(4);
        for (int i = 0; i < 3; i++) {
            RawHttp.Response refused = RawHttp.get(nginx.port(), "/apps/App.pkg?token=" + forged);
            assertThat(refused.status()).isEqualTo(403);
        }
        assertThat(RawHttp.get(nginx.port(), "/apps/App.pkg").status()).isEqualTo(401);
        assertThat(checksAfter(8)).as("refusals are never kept: each was asked").isEqualTo(8);
        assertThat(check.output()).as("refusals are in the access log, not one line each on standard error")
                .doesNotContain("rejected").doesNotContain("BAD_SIGNATURE");
    }

    @Test
    void aWaveOfNewTokensThatFillsTheCacheKeysZoneIsServedNeverA500() throws Exception {
        // The shipped snippets with the keys zone at nginx's minimum and two workers: each new token
        // takes a key, and its allow a file from its second request on; with no key free nginx frees
        // the least recently used one that no request holds (it unlocks the zone to delete its file,
        // and the workers race for it), and a lookup that finds none fails with 500. As when thousands
        // of devices start downloads at once, each with a token of its own and a few Range requests;
        // 64 at a time, so that keys held by requests in flight crowd the small zone.
        Path wave = Files.createDirectories(dir.resolve("wave"));
        Files.write(Files.createDirectories(wave.resolve("www/apps")).resolve("App.pkg"), new byte[4096]);
        String zone = "keys_zone=content_token_check:4m";
        // Without a check budget, so the tokens come as fast as the check answers.
        try (ContentTokenJar unbudgeted = ContentTokenJar.start(wave, "check", List.of("--keys",
                     ContentTokenJar.keyFile(wave, List.of(keys.getPublic())).toString(), "--check-rate", "0"));
             PlainNginx small = ContentTokenJar.nginxInFrontOfCheck(wave, unbudgeted.port(), http -> {
                 assertThat(http).contains(zone);
                 return http.replace(zone, "keys_zone=content_token_check:32k");
             }, 4)) {
            NewTokenWave.Answers answers = NewTokenWave.send(keys.getPrivate(), 2, 64, token -> small.uri("/apps/App.pkg?token=" + token),
                    () -> small.errorLog().contains("could not allocate node"));

            assertThat(small.errorLog()).as("nginx ran out of cache keys (%d requests sent)", answers.sent())
                    .contains("could not allocate node");
            assertThat(answers.statuses()).as("every new token served").containsOnlyKeys(200);
        }
    }

    @Test
    void anAllowIsNeverServedPastTheLastSecondTheCheckWouldAcceptTheToken() {
        // Expired 58 s ago: within the 60 s skew, so accepted for about two more seconds.
        Instant exp = Instant.now().minusSeconds(58);
        String token = RawJws.rs256("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", BadTokenCorpus.jamfPayload(exp), keys.getPrivate());
        long refusedFrom = exp.getEpochSecond() + 60;
        List<String> servedLate = new ArrayList<>();
        RawHttp.Response last = RawHttp.get(nginx.port(), "/apps/App.pkg?token=" + token);
        assertThat(last.status()).isEqualTo(200);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (last.status() == 200 && System.nanoTime() < deadline) {
            long sent = Instant.now().getEpochSecond();
            last = RawHttp.get(nginx.port(), "/apps/App.pkg?token=" + token);
            if (last.status() == 200 && sent >= refusedFrom) {
                servedLate.add("sent at " + sent + ", refused from " + refusedFrom);
            }
        }

        assertThat(servedLate).isEmpty();
        assertThat(last.status()).isEqualTo(403);
        assertThat(last.text()).contains("EXPIRED");
    }
}
