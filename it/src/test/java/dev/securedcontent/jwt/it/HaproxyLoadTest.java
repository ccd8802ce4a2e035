package dev.securedcontent.jwt.it;

import java.io.IOException;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.List;

/** The bounded load run against the HAProxy recipe in front of its origin. */
class HaproxyLoadTest extends RecipeLoadTest {

    @Override
    String name() {
        return "HAProxy";
    }

    @Override
    int requests() {
        return 5_000;
    }

    @Override
    RecipeServer start(Path dir, RSAPublicKey key) throws IOException {
        return RecipeHaproxy.start(dir, List.of(key));
    }
}
