package dev.securedcontent.jwt.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.securedcontent.jwt.server.ContentServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The gate redacts every parameter the verifier reads as the token (its name percent-decoded, in
 * any letter case), so neither WireMock's journal nor the request log ever holds a whole token.
 */
@SecuredContentServer
class TokenRedactionTest {

    @Test
    void aTokenParameterInOtherLetterCaseIsAcceptedAndRedactedInTheJournal(ContentServer server) {
        String token = server.validToken();
        String signature = token.substring(token.lastIndexOf('.') + 1);

        HttpResponse<byte[]> response = new Requests(server).get(server.unsignedUrl("/apps/app.ipa?Token=" + token));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(server.wireMock().getAllServeEvents())
                .extracting(ServeEvent::getRequest)
                .allSatisfy(request -> assertThat(request.getAbsoluteUrl()).doesNotContain(signature));
    }

    @Test
    void aPercentEncodedTokenNameIsRedactedInTheRequestLog(ContentServer server) {
        String token = server.validToken();

        new Requests(server).get(server.unsignedUrl("/apps/app.ipa?%74oken=" + token));

        assertThat(server.lastRequest()).hasValueSatisfying(request -> {
            assertThat(request.accepted()).isTrue();
            assertThat(request.redactedToken()).hasValue(token.substring(0, token.lastIndexOf('.')) + ".<redacted>");
        });
    }
}
