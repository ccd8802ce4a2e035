package dev.securedcontent.jwt.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.core.RejectionReason;
import dev.securedcontent.jwt.core.UrlShapes;
import dev.securedcontent.jwt.server.ContentServer;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The server reads the token parameter by the one shared rule: every URL shape gets the verifier's verdict. */
@SecuredContentServer
class UrlShapesTest {

    @Test
    void everyUrlShapeGetsTheSharedVerdict(ContentServer server) {
        String token = server.validToken();
        for (UrlShapes.Shape shape : UrlShapes.all(token)) {
            // given
            URI url = URI.create(server.baseUrl() + shape.pathAndQuery("/book.pdf", token));

            // when
            int status = new Requests(server).get(url).statusCode();

            // then
            int expected = shape.rejected().map(reason -> reason == RejectionReason.MISSING ? 401 : 403).orElse(200);
            assertThat(status).as(shape.name()).isEqualTo(expected);
            assertThat(server.lastRequest().orElseThrow().rejectionReason()).as(shape.name()).isEqualTo(shape.rejected());
        }
    }
}
