package dev.securedcontent.jwt.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.server.ContentServer;
import java.net.http.HttpResponse;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Range and HEAD requests, answered as a web server would and token-checked like every other request. */
@SecuredContentServer
class RangeAndHeadTest {

    private static final byte[] APP = Requests.resource("apps/app.ipa");

    @Test
    void servesAClosedRangeWith206AndContentRange(ContentServer server) {
        HttpResponse<byte[]> response = new Requests(server).get(server.signedUrl("/apps/app.ipa"), "bytes=10-19");

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes 10-19/1000");
        assertThat(response.headers().firstValue("Content-Length")).hasValue("10");
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(APP, 10, 20));
    }

    @Test
    void servesAnOpenRangeToTheEnd(ContentServer server) {
        HttpResponse<byte[]> response = new Requests(server).get(server.signedUrl("/apps/app.ipa"), "bytes=990-");

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes 990-999/1000");
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(APP, 990, 1000));
    }

    @Test
    void servesASuffixRange(ContentServer server) {
        HttpResponse<byte[]> response = new Requests(server).get(server.signedUrl("/apps/app.ipa"), "bytes=-5");

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes 995-999/1000");
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(APP, 995, 1000));
    }

    @Test
    void clampsARangePastTheEnd(ContentServer server) {
        HttpResponse<byte[]> response = new Requests(server).get(server.signedUrl("/apps/app.ipa"), "bytes=900-5000");

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes 900-999/1000");
        assertThat(response.body()).hasSize(100);
    }

    @Test
    void answers416WhenTheRangeStartsPastTheEnd(ContentServer server) {
        HttpResponse<byte[]> response = new Requests(server).get(server.signedUrl("/apps/app.ipa"), "bytes=1000-");

        assertThat(response.statusCode()).isEqualTo(416);
        assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes */1000");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void answers416ForAnyRangeOfAnEmptyFile(ContentServer server) {
        HttpResponse<byte[]> response = new Requests(server).get(server.signedUrl("/empty.pkg"), "bytes=-1");

        assertThat(response.statusCode()).isEqualTo(416);
        assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes */0");
    }

    @Test
    void answersSeveralRangesWithTheWholeFile(ContentServer server) {
        HttpResponse<byte[]> response = new Requests(server).get(server.signedUrl("/apps/app.ipa"), "bytes=0-1,5-6");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(APP);
    }

    @Test
    void checksTheTokenOfARangedRequest(ContentServer server) {
        HttpResponse<byte[]> response = new Requests(server)
                .get(server.withToken(server.unsignedUrl("/apps/app.ipa"), server.expiredToken()), "bytes=0-9");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("X-Content-Token-Reason")).hasValue("EXPIRED");
    }

    @Test
    void answersHeadWithTheLengthAndNoBody(ContentServer server) {
        HttpResponse<byte[]> response = new Requests(server).head(server.signedUrl("/package.pkg"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Length")).hasValue("4096");
        assertThat(response.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void answersARangedHeadWith206(ContentServer server) {
        HttpResponse<byte[]> response = new Requests(server).head(server.signedUrl("/package.pkg"), "bytes=0-99");

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes 0-99/4096");
        assertThat(response.headers().firstValue("Content-Length")).hasValue("100");
    }

    @Test
    void answersAnUnsatisfiableHeadWith416(ContentServer server) {
        HttpResponse<byte[]> response = new Requests(server).head(server.signedUrl("/package.pkg"), "bytes=4096-");

        assertThat(response.statusCode()).isEqualTo(416);
        assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes */4096");
    }

    @Test
    void checksTheTokenOfAHeadRequest(ContentServer server) {
        HttpResponse<byte[]> response = new Requests(server).head(server.unsignedUrl("/package.pkg"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("X-Content-Token-Reason")).hasValue("MISSING");
        assertThat(response.body()).isEmpty();
    }
}
