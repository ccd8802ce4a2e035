package dev.securedcontent.jwt.testing;

/** The content server's {@link dev.securedcontent.jwt.server.Requests}, sent to a {@link SecuredContent} server. */
final class Requests extends dev.securedcontent.jwt.server.Requests {

    Requests(SecuredContent server) {
        super(server.newHttpClient());
    }
}
