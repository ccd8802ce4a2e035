package dev.securedcontent.jwt.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.core.RejectionReason;
import dev.securedcontent.jwt.core.RsaKeys;
import dev.securedcontent.jwt.server.ContentServer;
import dev.securedcontent.jwt.server.ContentServerOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Time at the edges, over real HTTP: the token is checked on every request, so a download that
 * outlives its token stops at the first Range request after {@code exp} (plus the skew), and
 * clocks that disagree are tolerated up to the skew allowance and no further. The server's clock
 * is moved, never waited for.
 */
class ExpiryAtTheEdgeTest {
    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
    private static final int FILE_SIZE = 1 << 20;
    private static final int CHUNK = 64 * 1024;
    /** One key pair for every test's server: generating RSA keys is the slow part of starting one. */
    private static final KeyPair KEYS = RsaKeys.generate();

    @TempDir
    Path dir;

    private byte[] file;
    private ContentServer server;
    private Requests requests;

    @BeforeEach
    void startServer() throws IOException {
        file = new byte[FILE_SIZE];
        new Random(7).nextBytes(file);
        Files.write(dir.resolve("big.pkg"), file);
        // Jamf's default: 5-minute tokens, 60 s skew.
        server = ContentServer.start(ContentServerOptions.defaults().contentDirectory(dir).keyPair(KEYS).clockStart(START));
        requests = new Requests(server);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void aDownloadThatOutlivesItsTokenStopsAtTheFirstRangeRequestAfterExpiry() {
        // given a download URL whose token expires at START + 5 min, fetched in 64 KB ranges, 30 s apart
        URI url = server.signedUrl("/big.pkg");
        Instant refusedFrom = START.plus(Duration.ofMinutes(5)).plus(server.clockSkew());
        ByteArrayOutputStream received = new ByteArrayOutputStream();

        // when the device keeps going until it is refused
        HttpResponse<byte[]> refusal = null;
        for (int offset = 0; offset < FILE_SIZE; offset += CHUNK) {
            HttpResponse<byte[]> response = requests.get(url, "bytes=" + offset + "-" + (offset + CHUNK - 1));
            if (response.statusCode() != 206) {
                refusal = response;
                break;
            }
            received.writeBytes(response.body());
            server.clock().advance(Duration.ofSeconds(30));
        }

        // then every range before exp + skew was served intact, and the first one at exp + skew was refused as EXPIRED
        assertThat(refusal).as("a refused range request").isNotNull();
        assertThat(refusal.statusCode()).isEqualTo(403);
        assertThat(refusal.headers().firstValue(RejectionReason.HEADER)).hasValue("EXPIRED");
        assertThat(server.clock().instant()).isEqualTo(refusedFrom);
        int servedRanges = (int) Duration.between(START, refusedFrom).dividedBy(Duration.ofSeconds(30));
        assertThat(received.toByteArray()).isEqualTo(Arrays.copyOf(file, servedRanges * CHUNK));
    }

    @Test
    void afterExpiryHeadAndEveryRangeAreRefusedAndAFreshUrlResumesTheDownload() {
        // given half the file fetched with one URL, then its token expired
        URI url = server.signedUrl("/big.pkg");
        byte[] firstHalf = requests.get(url, "bytes=0-" + (FILE_SIZE / 2 - 1)).body();
        server.clock().advance(Duration.ofMinutes(5).plus(server.clockSkew()));

        // when the old URL is used again, then HEAD, a Range and a whole GET are all refused
        for (HttpResponse<byte[]> refused : List.of(requests.head(url), requests.get(url, "bytes=" + FILE_SIZE / 2 + "-"),
                requests.get(url))) {
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.headers().firstValue(RejectionReason.HEADER)).hasValue("EXPIRED");
        }

        // and a fresh URL (the MDM sends a new one) resumes where the download stopped
        HttpResponse<byte[]> rest = requests.get(server.signedUrl("/big.pkg"), "bytes=" + FILE_SIZE / 2 + "-");
        assertThat(rest.statusCode()).isEqualTo(206);
        byte[] whole = Arrays.copyOf(firstHalf, FILE_SIZE);
        System.arraycopy(rest.body(), 0, whole, FILE_SIZE / 2, rest.body().length);
        assertThat(whole).isEqualTo(file);
    }

    @Test
    void theLastSecondBeforeExpiryPlusSkewIsServedAndTheNextIsNot() {
        // given a token expiring at START + 5 min
        URI url = server.signedUrl("/big.pkg");

        // when the server's clock stands one second before exp + skew, then at exp + skew
        server.clock().setInstant(START.plus(Duration.ofMinutes(5)).plus(server.clockSkew()).minusSeconds(1));
        int lastSecond = requests.get(url, "bytes=0-0").statusCode();
        server.clock().advance(Duration.ofSeconds(1));
        HttpResponse<byte[]> atTheEdge = requests.get(url, "bytes=0-0");

        // then the first is served, the second refused
        assertThat(lastSecond).isEqualTo(206);
        assertThat(atTheEdge.statusCode()).isEqualTo(403);
        assertThat(atTheEdge.headers().firstValue(RejectionReason.HEADER)).hasValue("EXPIRED");
    }

    /**
     * The issuer's clock (Jamf Pro) is off from the web server's by {@code issuerOffsetSeconds};
     * its token lives {@code expiryMinutes}, with an {@code nbf} of its own now when asked.
     */
    @ParameterizedTest(name = "issuer clock {0} s off, expiry {1} min, nbf {2}: {3}")
    @CsvSource(textBlock = """
            # behind: a 1-minute token looks expired already; fine while it is within the 60 s skew
            -119, 1,   false, 206
            -120, 1,   false, EXPIRED
            -300, 1,   false, EXPIRED
            # ahead: exp further than 120 min + skew looks like an over-long lifetime
            59,   120, false, 206
            60,   120, false, 206
            61,   120, false, LIFETIME_TOO_LONG
            # ahead, with nbf: a token valid "from now" on a clock up to the skew ahead is fine
            60,   5,   true,  206
            61,   5,   true,  NOT_YET_VALID
            3600, 5,   true,  NOT_YET_VALID
            """)
    void clocksSkewedWithinTheAllowanceAreToleratedAndBeyondItAreNot(long issuerOffsetSeconds, long expiryMinutes,
            boolean withNotBefore, String expected) {
        // given a token minted on the issuer's clock
        Clock issuerClock = Clock.offset(server.clock(), Duration.ofSeconds(issuerOffsetSeconds));
        ContentTokenSigner.Builder signer = ContentTokenSigner.builder(server.privateKey())
                .clock(issuerClock).expiry(Duration.ofMinutes(expiryMinutes));
        if (withNotBefore) {
            signer.extraClaims(Map.of("nbf", issuerClock.instant().getEpochSecond()));
        }
        URI url = server.withToken(server.unsignedUrl("/big.pkg"), signer.build().sign());

        // when the web server is asked for a range
        HttpResponse<byte[]> response = requests.get(url, "bytes=0-99");

        // then it serves or refuses with the expected reason
        if (expected.equals("206")) {
            assertThat(response.statusCode()).isEqualTo(206);
            assertThat(response.body()).isEqualTo(Arrays.copyOf(file, 100));
        } else {
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.headers().firstValue(RejectionReason.HEADER)).hasValue(expected);
        }
    }
}
