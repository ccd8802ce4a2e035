package dev.securedcontent.jwt.it;

/** A load smoke run (see EnforcementPointLoad) against the nginx recipe on Debian 13's packages: fewer requests, every verdict checked. */
class NginxLoadDebian13Test extends NginxLoadTest {

    @Override
    ServerRoot root() {
        return ServerRoot.debian13();
    }

    @Override
    int requests() {
        return 2_000;
    }

    @Override
    String name() {
        return super.name() + " on Debian 13";
    }
}
