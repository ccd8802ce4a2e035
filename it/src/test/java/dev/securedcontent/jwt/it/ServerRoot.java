package dev.securedcontent.jwt.it;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where a recipe's web server comes from: this machine's own packages (Debian 12 in CI), or a
 * Debian 13 root made by .ci/debian-root.sh, whose servers run with {@code chroot} and share the
 * machine's loopback. A launcher writes a server's files under {@link #host(Path)} and names them
 * in its configuration by the path the server sees, which is the test's own path: a test dir
 * /tmp/junit1/x lives at ROOT/tmp/junit1/x, seen by the chrooted server as /tmp/junit1/x.
 */
public record ServerRoot(String name, Path root) {
    /** The environment variable (or system property jwt.it.debian13Root) naming the Debian 13 root. */
    public static final String DEBIAN13_ENV = "JWT_IT_DEBIAN13_ROOT";
    /** The marker .ci/debian-root.sh writes last: the root's suite, package list and package versions. */
    static final String MARKER = ".secured-content-jwt-root";

    /** The machine's own packages. */
    public static final ServerRoot HOST = new ServerRoot("Debian 12", Path.of("/"));

    /**
     * The Debian 13 root; skips the calling test when none is configured or it is incomplete,
     * unless the environment variable CI is set: then it fails (.ci/run makes the root).
     */
    public static ServerRoot debian13() {
        String configured = Optional.ofNullable(System.getProperty("jwt.it.debian13Root")).orElse(System.getenv(DEBIAN13_ENV));
        Path root = configured == null || configured.isBlank() ? null : Path.of(configured).toAbsolutePath();
        boolean present = root != null && Files.isRegularFile(root.resolve(MARKER));
        String missing = "no Debian 13 root: " + DEBIAN13_ENV + (root == null ? " is not set" : "=" + root + " has no " + MARKER)
                + "; make one with .ci/debian-root.sh and export " + DEBIAN13_ENV + "=<the path it prints>";
        if (!present && System.getenv("CI") != null) {
            fail("CI is set but " + missing);
        }
        assumeTrue(present, missing);
        return new ServerRoot("Debian 13", root);
    }

    public boolean isHost() {
        return root.getParent() == null;
    }

    /**
     * Where the test writes and reads what the server sees at {@code serverPath} (an absolute path
     * of the test's, such as a temp dir).
     */
    public Path host(Path serverPath) {
        Path absolute = serverPath.toAbsolutePath();
        return isHost() ? absolute : root.resolve(absolute.getRoot().relativize(absolute).toString());
    }

    /** The first executable {@code binary} on the root's PATH, as the server sees it, with every one of {@code files}. */
    public Path installed(String binary, List<Path> files, String aptPackages) {
        if (isHost()) {
            return ChildServer.installed(binary, files, aptPackages);
        }
        Optional<Path> found = Stream.of("/usr/sbin", "/usr/bin", "/sbin", "/bin").map(dir -> Path.of(dir, binary))
                .filter(p -> Files.isExecutable(host(p))).findFirst();
        boolean present = found.isPresent() && files.stream().allMatch(f -> Files.isReadable(host(f)));
        String missing = name + " root " + root + " lacks " + binary + " " + files + " (packages " + aptPackages + ")";
        if (!present && System.getenv("CI") != null) {
            fail("CI is set but " + missing);
        }
        assumeTrue(present, missing);
        return found.orElseThrow();
    }

    /**
     * The command line running {@code command} (paths as the server sees them) from this root, with
     * /proc mounted in it as on a real machine (the nginx recipe reads its worker's uid there). The
     * mount lives in a mount namespace of the command's own, gone when it exits, so nothing is ever
     * mounted under the root as the machine sees it. Each step execs the next: the process started
     * is the server's.
     */
    public List<String> command(List<String> command) {
        if (isHost()) {
            return command;
        }
        List<String> chrooted = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private",
                "sh", "-c", "mount -t proc proc \"$0/proc\" && exec chroot \"$0\" \"$@\"", root.toString()));
        chrooted.addAll(command);
        return chrooted;
    }

    /** The files a test wrote into the root for {@code serverPath}, deleted (on the machine's own packages, nothing). */
    public void forget(Path serverPath) {
        if (isHost()) {
            return;
        }
        Path dir = host(serverPath);
        if (!dir.startsWith(root.resolve("tmp")) || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
            // The test's temp dirs above it, made only to mirror the test's paths, once empty.
            for (Path p = dir.getParent(); !p.equals(root.resolve("tmp")); p = p.getParent()) {
                Files.deleteIfExists(p);
            }
        } catch (DirectoryNotEmptyException stillUsed) {
            // Another server of the same test lives there.
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Package name to Debian version, as the root's marker lists them (empty for the machine's own packages). */
    Map<String, String> packageVersions() {
        Map<String, String> versions = new LinkedHashMap<>();
        if (isHost()) {
            return versions;
        }
        try {
            for (String line : Files.readAllLines(root.resolve(MARKER))) {
                String[] parts = line.split(" ");
                if (parts.length == 2 && !parts[0].equals("suite") && !parts[0].equals("packages")) {
                    versions.put(parts[0], parts[1]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return versions;
    }

    @Override
    public String toString() {
        return isHost() ? name : name + " (" + root + ")";
    }
}
