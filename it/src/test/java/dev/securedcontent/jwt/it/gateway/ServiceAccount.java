package dev.securedcontent.jwt.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.securedcontent.jwt.it.ChildServer;
import dev.securedcontent.jwt.it.ServerRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The account a service runs as (a systemd unit's {@code User=} and {@code Group=}, a launchd
 * plist's {@code UserName}). One a page creates is stood in for by {@code nobody:nogroup} (uid and
 * gid 65534, in every Debian): the tests do not add users to the machine they run on. One a package
 * created (caddy) is that package's own, from its root's /etc/passwd. Run as root, the service runs
 * as the account, and the steps that give the account a file ({@code install -g}, {@code install
 * -o}, {@code chown}, systemd's {@code LogsDirectory=}, a package's postinst) give it to the
 * account's ids, so a step the page leaves out fails the service as it would on the admin's
 * machine. Run as another user, the service runs as that user and those steps change no owner.
 */
final class ServiceAccount {
    /** nobody and nogroup. */
    static final int STAND_IN = 65534;

    private final String name;
    private final int uid;
    private final int gid;
    private final boolean standIn;

    private ServiceAccount(String name, int uid, int gid, boolean standIn) {
        this.name = name;
        this.uid = uid;
        this.gid = gid;
        this.standIn = standIn;
    }

    /** The account the page creates, {@code name} (useradd, dscl): nobody:nogroup stands in. */
    static ServiceAccount named(String name) {
        assertThat(name).as("the service's account").matches("[_a-z][-_a-z0-9]*");
        return new ServiceAccount(name, STAND_IN, STAND_IN, true);
    }

    /** The account {@code name} a package created in {@code root}: its ids in the root's /etc/passwd. */
    static ServiceAccount packaged(ServerRoot root, String name) throws IOException {
        Path passwd = root.host(Path.of("/etc/passwd"));
        String entry = Files.readAllLines(passwd).stream().filter(l -> l.startsWith(name + ":")).findFirst()
                .orElseThrow(() -> new AssertionError(passwd + " has no user " + name + ": its package makes it"));
        String[] fields = entry.split(":");
        return new ServiceAccount(name, Integer.parseInt(fields[2]), Integer.parseInt(fields[3]), false);
    }

    String name() {
        return name;
    }

    /**
     * Whether the service runs as the stand-in (the tests run as root) rather than as the test's
     * user; under CI (which runs as root) it must.
     */
    static boolean switches() {
        boolean root = ChildServer.isRoot();
        if (!root && System.getenv("CI") != null) {
            fail("CI is set but the tests do not run as root: the services cannot run as the accounts their definitions name");
        }
        return root;
    }

    /** {@code owner} names this account (user or user:group, as chown and install -o/-g take it). */
    void assertNamedBy(String owner) {
        assertThat(owner).as("the owner the page gives: " + name + " (or " + name + ":" + name + ")")
                .isIn(name, name + ":" + name);
    }

    /** {@code file} now belongs to the account (its group too when {@code group}), as chown would make it. */
    void own(Path file, boolean user, boolean group) throws IOException {
        if (!switches()) {
            return;
        }
        if (user) {
            Files.setAttribute(file, "unix:uid", uid);
        }
        if (group) {
            Files.setAttribute(file, "unix:gid", gid);
        }
    }

    /**
     * {@code command} (its paths as {@code root} sees them) run as the account: setpriv from
     * {@code root} (util-linux: in every Debian) with its uid and gid, and its supplementary groups
     * as systemd gives them (the root's /etc/group; the stand-in has none).
     */
    List<String> run(ServerRoot root, List<String> command) {
        return run(root, command, null);
    }

    /**
     * As {@link #run(ServerRoot, List)}, its standard error appended to {@code stderr} (the path
     * as {@code root} sees it), which the account opens, as launchd opens a daemon's
     * StandardErrorPath once it has become the daemon's user; a file it cannot open ends the
     * command before it starts (launchd would run it with its errors lost).
     */
    List<String> run(ServerRoot root, List<String> command, Path stderr) {
        List<String> line = new ArrayList<>();
        if (switches()) {
            Path setpriv = root.installed("setpriv", List.of(), "util-linux");
            line.addAll(List.of(setpriv.toString(), "--reuid=" + uid, "--regid=" + gid, standIn ? "--clear-groups" : "--init-groups", "--"));
        }
        if (stderr != null) {
            line.addAll(List.of("/bin/sh", "-c", "exec 2>>\"$0\" && exec \"$@\"", stderr.toString()));
        }
        line.addAll(command);
        return line;
    }

    /**
     * The running {@code service} is {@code program} run as the account (as root: the account's
     * real, effective, saved and file-system uid and gid; the stand-in with no supplementary
     * group), not root.
     */
    void assertRuns(ChildServer service, String program) throws IOException {
        assertThat(service.executable().getFileName()).as(name + "'s service: the program it runs").hasToString(program);
        if (!switches()) {
            return;
        }
        List<String> status = Files.readAllLines(Path.of("/proc", Long.toString(service.pid()), "status"));
        for (String field : List.of("Uid:", "Gid:")) {
            String line = status.stream().filter(l -> l.startsWith(field)).findFirst().orElseThrow();
            int id = field.equals("Uid:") ? uid : gid;
            assertThat(line.split("\\s+")).as(name + "'s service: " + line).containsOnly(field, Integer.toString(id));
        }
        if (standIn) {
            assertThat(status.stream().filter(l -> l.startsWith("Groups:")).findFirst().orElseThrow().strip())
                    .as(name + "'s service: its supplementary groups").isEqualTo("Groups:");
        }
    }
}
