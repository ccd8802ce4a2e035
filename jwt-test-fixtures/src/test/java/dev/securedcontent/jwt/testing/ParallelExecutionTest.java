package dev.securedcontent.jwt.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.server.ContentServer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Runs with junit.jupiter.execution.parallel.enabled (src/test/resources/junit-platform.properties):
 * two tests that can only finish together prove the methods really run at the same time on one
 * per-class server; every other test class of this module runs concurrently with this one.
 */
@SecuredContentServer
@Execution(ExecutionMode.CONCURRENT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParallelExecutionTest {

    /** One test instance for the class (PER_CLASS), so both rendezvous tests share this latch. */
    private final CountDownLatch bothRunning = new CountDownLatch(2);

    @Test
    void firstOfTwoConcurrentTests(ContentServer server) throws InterruptedException {
        downloadWhileTheOtherTestRuns(server, "/apps/app.ipa");
    }

    @Test
    void secondOfTwoConcurrentTests(ContentServer server) throws InterruptedException {
        downloadWhileTheOtherTestRuns(server, "/package.pkg");
    }

    private void downloadWhileTheOtherTestRuns(ContentServer server, String path) throws InterruptedException {
        bothRunning.countDown();
        assertThat(bothRunning.await(60, TimeUnit.SECONDS)).as("the other test ran at the same time").isTrue();

        assertThat(new Requests(server).get(server.signedUrl(path)).statusCode()).isEqualTo(200);
    }

    @Test
    void answersManyConcurrentRangedRequestsCorrectly(ContentServer server) {
        byte[] app = Requests.resource("apps/app.ipa");
        Requests requests = new Requests(server);

        List<CompletableFuture<byte[]>> chunks = IntStream.range(0, 10)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> requests
                        .get(server.signedUrl("/apps/app.ipa"), "bytes=" + (i * 100) + "-" + (i * 100 + 99))
                        .body()))
                .toList();

        byte[] joined = new byte[1000];
        for (int i = 0; i < chunks.size(); i++) {
            System.arraycopy(chunks.get(i).join(), 0, joined, i * 100, 100);
        }
        assertThat(joined).isEqualTo(app);
    }
}
