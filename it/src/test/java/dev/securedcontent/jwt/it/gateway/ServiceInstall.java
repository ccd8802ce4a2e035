package dev.securedcontent.jwt.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.core.RsaKeys;
import dev.securedcontent.jwt.it.ChildServer;
import dev.securedcontent.jwt.it.ServerRoot;
import dev.securedcontent.jwt.it.StockInstall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * docs/content-token.md's steps that install the jar as a systemd service, followed as an admin on
 * Debian follows them, in a test tree {@code host} (a copy of the server's files): the download
 * (the reactor's content-token-*.zip) unpacked, the jar, keys, certificates and unit installed from
 * it ({@code install}, {@code ln}), the unit started as its ExecStart says
 * ({@code systemctl daemon-reload && systemctl enable --now}). The steps of a front server
 * (its test, its reload) are the test's. Closing it stops the service.
 */
final class ServiceInstall implements AutoCloseable {
    /** The page's Install step: the download unpacked, and the steps after it run in its directory. */
    static final String UNPACK = "unzip content-token-X.Y.Z.zip && cd content-token-X.Y.Z";
    /** The java the units run (Debian's default-jre-headless puts it there). */
    static final String JAVA = "/usr/bin/java";
    /** The page's step installing the JRE the unit runs on. */
    static final String JRE_STEP = "apt-get install default-jre-headless";
    /** The page's check steps, in order (spaces collapsed), the download unpacked first. */
    static final List<String> CHECK_STEPS = List.of(
            UNPACK,
            JRE_STEP,
            "useradd --system --no-create-home content-token",
            "install -D -m 644 content-token.jar /opt/content-token/content-token.jar",
            "install -D -m 644 jamf-public-key.pem /etc/content-token/jamf-public-key.pem",
            "install -D -m 644 service/content-token-check.service /etc/systemd/system/content-token-check.service",
            "systemctl daemon-reload && systemctl enable --now content-token-check");
    /** Where the check unit listens, as the snippets name it. */
    static final String CHECK_ADDRESS = "127.0.0.1:9180";
    /** The check's access log, as the unit writes it (in the tree). */
    static final String CHECK_ACCESS_LOG = "var/log/content-token/check.access.log";

    private final ServerRoot root;
    private final Path tree;
    private final Path host;
    private final Path admin;
    private Path work;
    private ServiceAccount account;
    private ChildServer service;

    /**
     * Follows the steps into {@code host}, with Jamf Pro's public key {@code key} as the admin's
     * jamf-public-key.pem; the admin's other files (a certificate, say) go into {@link #admin()}.
     * The unit runs on the test's JDK.
     */
    ServiceInstall(Path host, RSAPublicKey key) throws IOException {
        this(ServerRoot.HOST, host, host, key);
    }

    /**
     * As above, in the tree {@code tree} of {@code root} ({@code host} where the test sees it, as
     * StockInstall.inTree gives them): on a Debian root the unit runs on the root's own java, the
     * one the page's apt-get step installs there (Debian 13: OpenJDK 21); on the machine's own
     * packages, on the test's JDK (Debian 12's default-jre-headless is the same OpenJDK 17).
     */
    ServiceInstall(ServerRoot root, Path tree, Path host, RSAPublicKey key) throws IOException {
        this.root = root;
        this.tree = tree;
        this.host = host;
        this.admin = Files.createDirectories(host.resolve("admin"));
        RsaKeys.writePublicKey(admin.resolve("jamf-public-key.pem"), key);
    }

    /** The admin's own files (Jamf Pro's key, a certificate), saved into the download's directory once it is unpacked. */
    Path admin() {
        return admin;
    }

    /** The unpacked download's directory, where the steps after {@link #UNPACK} run. */
    Path work() {
        assertThat(work).as("the download, unpacked by the page's first step").isNotNull();
        return work;
    }

    /** The page (docs/content-token.md), spaces collapsed, as {@link StockInstall#stepAfter} reads it. */
    static String page() throws IOException {
        return Files.readString(checkout().resolve("docs/content-token.md")).replaceAll("[ \t]+", " ");
    }

    /**
     * Follows one step in the tree: true when it was a {@code useradd}, {@code install}, {@code ln},
     * {@code apt-get} (the package is checked by the test: ServerRoot.installed) or unit-starting step.
     */
    boolean follow(String step) throws IOException {
        if (step.equals(UNPACK)) {
            unpack();
            return true;
        }
        String[] words = step.split(" ");
        switch (words[0]) {
            case "apt-get" -> {
                // The front server's package: its test checks it. The JRE: on a Debian root, there (its java runs the unit).
                if (step.equals(JRE_STEP) && !root.isHost()) {
                    java();
                }
            }
            case "useradd" -> account = ServiceAccount.named(words[words.length - 1]); // stood in for: ServiceAccount
            case "install" -> install(List.of(words).subList(1, words.length));
            case "ln" -> {
                Path target = Path.of(words[2]);
                Files.createSymbolicLink(host.resolve(words[3].substring(1)).resolve(target.getFileName().toString()), target);
            }
            default -> {
                if (!step.startsWith("systemctl daemon-reload && systemctl enable --now ")) {
                    return false;
                }
                startUnit(words[words.length - 1]);
            }
        }
        return true;
    }

    /**
     * unzip content-token-X.Y.Z.zip && cd content-token-X.Y.Z: the download the reactor built
     * (jwt-gateway/target/content-token-*.zip) unpacked into the tree, the admin's files saved into it.
     */
    private void unpack() throws IOException {
        Path zip = download();
        Path into = Files.createDirectories(host.resolve("download"));
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path to = into.resolve(entry.getName()).normalize();
                assertThat(to.startsWith(into)).as(zip + " entry " + entry.getName() + " stays in " + into).isTrue();
                if (entry.isDirectory()) {
                    Files.createDirectories(to);
                } else {
                    Files.createDirectories(to.getParent());
                    Files.copy(in, to);
                }
            }
        }
        String name = zip.getFileName().toString();
        work = into.resolve(name.substring(0, name.length() - ".zip".length()));
        assertThat(work).as("the download's top directory").isDirectory();
        try (Stream<Path> files = Files.list(admin)) {
            for (Path f : files.toList()) {
                Files.copy(f, work.resolve(f.getFileName().toString()));
            }
        }
    }

    /** The download the reactor built: the one jwt-gateway/target/content-token-*.zip. */
    static Path download() throws IOException {
        Path target = ContentTokenJar.jar().getParent();
        try (Stream<Path> files = Files.list(target)) {
            List<Path> zips = files.filter(f -> f.getFileName().toString().matches("content-token-.+\\.zip")).toList();
            assertThat(zips).as("one content-token-*.zip in " + target + " (./mvnw clean package if there are more)").hasSize(1);
            return zips.get(0);
        }
    }

    /** The service the unit started (the check, or serve). */
    ChildServer service() {
        assertThat(service).as("the service, started by the unit's step").isNotNull();
        return service;
    }

    /**
     * install [-D] [-m MODE] [-g GROUP] FROM TO: FROM in the unpacked download's directory (the
     * admin's files saved there too); the mode set; the group, the account the page adds (its stand-in's).
     */
    private void install(List<String> args) throws IOException {
        String mode = "644";
        boolean group = false;
        List<String> files = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "-D" -> { }
                case "-m" -> mode = args.get(++i);
                case "-g" -> {
                    assertThat(account).as("the account the page adds, before install -g").isNotNull();
                    account.assertNamedBy(args.get(++i));
                    group = true;
                }
                default -> files.add(args.get(i));
            }
        }
        assertThat(files).as("install's FROM and TO").hasSize(2);
        Path from = work().resolve(files.get(0));
        Path to = host.resolve(files.get(1).substring(1));
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString(StockInstall.rwx(mode)));
        if (group) {
            account.own(to, false, true);
        }
    }

    /** Whether {@code file} of the tree {@code host} holds no log or output: the jar (binary), installed or in the download. */
    static boolean isInstalledBinary(Path host, Path file) {
        return file.getFileName().toString().equals("content-token.jar") && (file.startsWith(host.resolve("opt"))
                || file.startsWith(host.resolve("download")));
    }

    /**
     * systemctl enable --now: the unit's ExecStart, run as written but for the tree's paths and a
     * free loopback port for --listen, as its User and Group (their stand-in: ServiceAccount); its
     * java the root's (on the machine's own packages, the test's); its LogsDirectory made and given
     * to the account, as systemd does; its output kept where the journal would keep it (and so
     * searched for tokens like every other file of the tree).
     */
    private void startUnit(String name) throws IOException {
        String unit = Files.readString(host.resolve("etc/systemd/system/" + name + ".service")).replace("\\\n", " ");
        assertThat(account).as("the account the page adds (useradd), before the unit starts").isNotNull();
        assertThat(unit).as("the unit runs as the user the page adds")
                .contains("\nUser=" + account.name() + "\n", "\nGroup=" + account.name() + "\n");
        Matcher logsDirectory = Pattern.compile("\nLogsDirectory=(\\S+)\n").matcher(unit);
        assertThat(logsDirectory.find()).as("LogsDirectory= of " + name).isTrue();
        account.own(Files.createDirectories(host.resolve("var/log").resolve(logsDirectory.group(1))), true, true);
        Matcher exec = Pattern.compile("\nExecStart=([^\n]+)\n").matcher(unit);
        assertThat(exec.find()).as("ExecStart= of " + name).isTrue();
        List<String> words = List.of(exec.group(1).trim().split("\\s+"));
        assertThat(words).startsWith(JAVA).contains("--listen");
        String java = root.isHost() ? Path.of(System.getProperty("java.home"), "bin", "java").toString() : java();
        Path journal = journal(name);
        Files.createDirectories(journal.getParent());
        if (ServiceAccount.switches()) {
            StockInstall.reachableByWorkers(root, host); // the test's temporary directories, down to the tree
        }
        service = ChildServer.start(name, port -> {
            List<String> line = new ArrayList<>();
            line.add(java);
            for (int i = 1; i < words.size(); i++) {
                String word = words.get(i);
                line.add(words.get(i - 1).equals("--listen") ? "127.0.0.1:" + port
                        : word.startsWith("/") ? tree.resolve(word.substring(1)).toString() : word);
            }
            return root.command(account.run(root, line));
        }, journal, journal);
        account.assertRuns(service, "java");
        if (!root.isHost()) {
            assertThat(service.executable()).as("the unit's java: " + root.name() + "'s own").startsWith(root.root());
        }
    }

    /** The java the unit names, on the root: what the page's apt-get step installed there. */
    private String java() {
        Path java = root.installed("java", List.of(), "default-jre-headless");
        assertThat(java).as("the unit's java on " + root.name()).isEqualTo(Path.of(JAVA));
        return JAVA;
    }

    /** Where the unit {@code name}'s output is kept, as journalctl -u would show it. */
    Path journal(String name) {
        return host.resolve("var/log/journal").resolve(name + ".out");
    }

    /** Ports only: in the installed {@code file} (of the tree), the check's address becomes the port the unit's check listens on. */
    void moveCheckPort(String file) throws IOException {
        Path path = host.resolve(file);
        String text = Files.readString(path);
        assertThat(text).as(file).contains(CHECK_ADDRESS);
        Files.writeString(path, text.replace(CHECK_ADDRESS, "127.0.0.1:" + service().port()));
    }

    /** The checkout whose docs hold the page (its jwt-gateway/target holds the jar and the download). */
    static Path checkout() {
        return ContentTokenJar.jar().getParent().getParent().getParent();
    }

    @Override
    public void close() {
        if (service != null) {
            service.close();
        }
    }
}
