package dev.securedcontent.jwt.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.securedcontent.jwt.core.RejectionReason;
import dev.securedcontent.jwt.server.ContentServer;
import dev.securedcontent.jwt.server.ContentServerOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Runs the test server's and the assertions' error paths (missing, expired, forged and tampered
 * tokens, on GET, Range and HEAD; failing token assertions, soft ones included) and searches
 * everything they show for the server's private key and the tokens' signatures: responses, the
 * request log, WireMock's journal, assertion messages, {@code toString}s and what was printed.
 *
 * <p>Isolated: it swaps {@code System.out} and {@code System.err} to catch what WireMock prints.
 */
@Isolated
class NoSecretsInFixtureOutputTest {
    private static final int KEY_WINDOW = 16;
    private static final int SIGNATURE_WINDOW = 12;

    @Test
    void responsesLogsJournalAndAssertionMessagesShowNoKeyAndNoSignature() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        List<String> shown = new ArrayList<>();
        Set<String> keyPieces;
        Set<String> signaturePieces = new HashSet<>();
        PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try (ContentServer server = ContentServer.start(ContentServerOptions.defaults())) {
            // given a server and tokens of every kind
            keyPieces = pieces(Base64.getEncoder().encodeToString(server.privateKey().getEncoded()), KEY_WINDOW);
            keyPieces.addAll(pieces(server.privateKey().getPrivateExponent().toString(16), KEY_WINDOW));
            List<String> tokens = List.of(server.validToken(), server.expiredToken(), server.otherKeyToken(),
                    server.tamperedToken(), server.wrongIssuerToken(), server.wrongSubjectToken(), server.algNoneToken());
            for (String token : tokens) {
                String[] parts = token.split("\\.", -1);
                if (parts.length == 3 && parts[2].length() >= SIGNATURE_WINDOW) {
                    signaturePieces.addAll(pieces(parts[2], SIGNATURE_WINDOW));
                }
            }
            Requests requests = new Requests(server);

            // when each is sent as GET, Range and HEAD, and failing assertions are made about each
            for (String token : tokens) {
                URI url = server.withToken(server.unsignedUrl("/does-not-matter.pkg"), token);
                for (HttpResponse<byte[]> response : List.of(requests.get(url), requests.get(url, "bytes=0-9"), requests.head(url))) {
                    shown.add(response.headers().map().toString());
                    shown.add(new String(response.body(), StandardCharsets.UTF_8));
                }
                failing(shown, () -> ContentTokenAssertions.assertThat(token).usingClock(server.clock())
                        .isRejectedBecause(RejectionReason.TOO_LONG, server.publicKey()));
                failing(shown, () -> ContentTokenAssertions.assertThat(token).usingClock(server.clock())
                        .isValidFor(server.publicKey()).hasIssuer("nobody"));
                failing(shown, () -> ContentTokenAssertions.assertThat(url).hasClaim("exp", "never").hasNoHeader("alg"));
                failing(shown, () -> ContentTokenAssertions.assertThat(token).hasJamfShape().expiresWithin(Duration.ZERO));
                failing(shown, () -> ContentTokenSoftAssertions.assertSoftly(softly -> {
                    softly.assertThat(token).hasSubject("x");
                    softly.assertThat(url).hasAlgorithm("none");
                }));
            }
            requests.get(server.unsignedUrl("/missing-token.pkg"));
            server.requests().forEach(request -> shown.add(request.toString()));
            for (ServeEvent event : server.wireMock().getAllServeEvents()) {
                shown.add(event.getRequest().getUrl());
                shown.add(event.getRequest().getAbsoluteUrl());
                shown.add(event.getRequest().toString());
            }
            shown.add(server.toString());
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        shown.add(printed.toString(StandardCharsets.UTF_8));

        // then none of it shows a piece of the private key or of a signature
        assertThat(shown).hasSizeGreaterThan(50);
        assertThat(signaturePieces).isNotEmpty();
        for (String text : shown) {
            for (Set<String> secret : List.of(keyPieces, signaturePieces)) {
                int window = secret == keyPieces ? KEY_WINDOW : SIGNATURE_WINDOW;
                for (int i = 0; i + window <= text.length(); i++) {
                    assertThat(secret.contains(text.substring(i, i + window)))
                            .as("%s shows a piece of %s", abbreviated(text), secret == keyPieces ? "the private key" : "a token signature")
                            .isFalse();
                }
            }
        }
    }

    /** Runs an assertion that must fail and keeps its message. */
    private static void failing(List<String> shown, ThrowingCallable assertion) {
        Throwable thrown = catchThrowable(assertion);
        assertThat(thrown).as("the assertion fails").isInstanceOf(AssertionError.class);
        shown.add(thrown.toString());
    }

    private static Set<String> pieces(String secret, int window) {
        Set<String> pieces = new HashSet<>();
        for (int i = 0; i + window <= secret.length(); i++) {
            pieces.add(secret.substring(i, i + window));
        }
        return pieces;
    }

    private static String abbreviated(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }
}
