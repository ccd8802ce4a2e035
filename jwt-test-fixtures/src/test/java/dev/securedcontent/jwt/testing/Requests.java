package dev.securedcontent.jwt.testing;

import dev.securedcontent.jwt.server.ContentServer;

/** The content server's {@link dev.securedcontent.jwt.server.Requests}, sent to the extension's {@link ContentServer}. */
final class Requests extends dev.securedcontent.jwt.server.Requests {

    Requests(ContentServer server) {
        super(server.newHttpClient());
    }
}
