package dev.securedcontent.jwt.it;

import java.io.IOException;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.List;

/** The bounded load run against the nginx recipe. */
class NginxLoadTest extends RecipeLoadTest {

    @Override
    String name() {
        return "nginx";
    }

    @Override
    int requests() {
        return 20_000;
    }

    @Override
    RecipeServer start(Path dir, RSAPublicKey key) throws IOException {
        return RecipeNginx.start(dir, List.of(key), List.of());
    }
}
