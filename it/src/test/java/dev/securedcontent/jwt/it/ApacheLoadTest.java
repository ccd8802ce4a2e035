package dev.securedcontent.jwt.it;

import java.io.IOException;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Set;

/** The bounded load run against the Apache + mod_oauth2 recipe. */
class ApacheLoadTest extends RecipeLoadTest {

    @Override
    String name() {
        return "Apache";
    }

    @Override
    int requests() {
        return 5_000;
    }

    @Override
    Set<Integer> invalidTokenStatuses() {
        // mod_oauth2 answers 401 when the signature or exp fails, 403 when a Require fails.
        return Set.of(401, 403);
    }

    @Override
    RecipeServer start(Path dir, RSAPublicKey key) throws IOException {
        return RecipeApache.start(dir, List.of(key));
    }
}
