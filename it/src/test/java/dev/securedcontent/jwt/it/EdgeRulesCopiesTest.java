package dev.securedcontent.jwt.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * content-token-rules.js is one source: the nginx recipe holds it, and every other JavaScript
 * recipe holds a byte-identical copy (so an admin copies one directory). After editing it in
 * web-server/nginx/, copy it: cp web-server/nginx/content-token-rules.js web-server/cloudflare-worker/
 * (and to every other recipe that holds it).
 */
class EdgeRulesCopiesTest {
    static final String RULES = "content-token-rules.js";
    static final List<String> COPIES = List.of("cloudflare-worker", "lambda-edge");

    @Test
    void everyRecipeHoldsTheNginxRecipesRulesByteForByte() throws IOException {
        Path webServer = RecipeNginx.recipeDir().getParent();
        String rules = Files.readString(webServer.resolve("nginx").resolve(RULES));

        assertThat(COPIES).allSatisfy(recipe -> assertThat(webServer.resolve(recipe).resolve(RULES))
                .as("web-server/%s/%s: copy it from web-server/nginx/", recipe, RULES)
                .hasContent(rules));
    }
}
