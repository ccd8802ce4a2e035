package dev.securedcontent.jwt.it;

/** NginxParityTest on Debian 13's nginx and njs (the root .ci/debian-root.sh makes). */
class NginxParityDebian13Test extends NginxParityTest {

    @Override
    ServerRoot root() {
        return ServerRoot.debian13();
    }
}
