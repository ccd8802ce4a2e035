package dev.securedcontent.jwt.it.lambdaedge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The Lambda@Edge recipe's own node tests (web-server/lambda-edge/test/, on AWS's documented
 * viewer-request event) run by ./mvnw verify: Range/HEAD, rotation, logs, misconfiguration.
 */
class LambdaEdgeHandlerTest {

    @Test
    void theRecipesNodeTestsPass() throws Exception {
        RecipeLambdaEdge.Run run = RecipeLambdaEdge.node(RecipeLambdaEdge.recipeDir(), "--test", "test/");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("# fail 0").containsPattern("# pass [1-9]");
    }
}
