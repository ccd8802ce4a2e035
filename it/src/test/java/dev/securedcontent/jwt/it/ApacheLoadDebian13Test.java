package dev.securedcontent.jwt.it;

/** A load smoke run (see EnforcementPointLoad) against the Apache recipe on Debian 13's packages: fewer requests, every verdict checked. */
class ApacheLoadDebian13Test extends ApacheLoadTest {

    @Override
    ServerRoot root() {
        return ServerRoot.debian13();
    }

    @Override
    int requests() {
        return 1_000;
    }

    @Override
    String name() {
        return super.name() + " on Debian 13";
    }
}
