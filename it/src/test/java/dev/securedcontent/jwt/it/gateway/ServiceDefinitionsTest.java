package dev.securedcontent.jwt.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.core.BadTokenCorpus;
import dev.securedcontent.jwt.it.ChildServer;
import dev.securedcontent.jwt.it.ContentOrigin;
import dev.securedcontent.jwt.it.ServerRoot;
import dev.securedcontent.jwt.it.StockInstall;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The macOS and Windows service definitions of docs/content-token.md ("Running as a service"), as
 * far as this machine can run them: launchd and WinSW cannot run here, so each definition's command
 * line and environment are read from it and run as the service manager would run them, with the
 * download (the reactor's content-token-*.zip) unpacked and the page's install steps followed into
 * a test tree (paths and ports moved, the Windows paths' %BASE% made the tree's directory). Each must start, serve every valid shape over TLS, refuse the rest,
 * and leave no whole token in any file it writes. The launchd daemon runs as the user its plist
 * names ({@link ServiceAccount}), which owns only what the page's steps give it; WinSW's service
 * runs as LocalSystem, whom the test's user stands in for.
 */
class ServiceDefinitionsTest {
    static final String PATH = "/apps/App.pkg";
    /** The page's macOS steps, in order (spaces collapsed). */
    static final List<String> MACOS_STEPS = List.of(
            ServiceInstall.UNPACK,
            "sudo dscl . -create /Groups/_contenttoken",
            "sudo dscl . -create /Groups/_contenttoken PrimaryGroupID 481",
            "sudo dscl . -create /Users/_contenttoken",
            "sudo dscl . -create /Users/_contenttoken UniqueID 481",
            "sudo dscl . -create /Users/_contenttoken PrimaryGroupID 481",
            "sudo dscl . -create /Users/_contenttoken UserShell /usr/bin/false",
            "sudo dscl . -create /Users/_contenttoken NFSHomeDirectory /var/empty",
            "sudo dscl . -create /Users/_contenttoken Password '*'",
            "sudo mkdir -p /usr/local/content-token /usr/local/var/log/content-token",
            "sudo chown _contenttoken:_contenttoken /usr/local/var/log/content-token",
            "sudo cp content-token.jar jamf-public-key.pem /usr/local/content-token/",
            "sudo install -m 600 -o _contenttoken server.p12 /usr/local/content-token/",
            "sudo install -m 600 service/dev.securedcontent.content-token.plist /Library/LaunchDaemons/",
            "sudo launchctl bootstrap system /Library/LaunchDaemons/dev.securedcontent.content-token.plist");
    /** The page's Windows steps, in order, in the directory holding the jar, the key, the keystore and the definition. */
    static final List<String> WINDOWS_STEPS = List.of("icacls . /inheritance:r /grant:r *S-1-5-32-544:(OI)(CI)F *S-1-5-18:(OI)(CI)F",
            "content-token.exe install", "content-token.exe start");

    @Test
    void theLaunchdDaemonServesEveryValidShapeOverTlsAndLogsNoToken(@TempDir Path dir) throws Exception {
        KeyPair keys = BadTokenCorpus.newKeyPair();
        Path host = Files.createDirectories(dir.resolve("tree"));
        String page = ServiceInstall.page();
        Map<String, String> environment = new LinkedHashMap<>();
        List<String> arguments = new ArrayList<>();
        Path stderr = null;
        Path cert = null;
        ServiceAccount account = null;
        Map<String, String> ids = new TreeMap<>();
        int at = 0;
        try (ServiceInstall installed = new ServiceInstall(host, (RSAPublicKey) keys.getPublic())) {
            for (String step : MACOS_STEPS) {
                at = StockInstall.stepAfter(page, step, at);
                if (installed.follow(step)) { // the download unpacked: the admin's TLS files made there
                    adminTls(installed.work(), "service/dev.securedcontent.content-token.plist");
                    cert = installed.work().resolve("cert.pem");
                    continue;
                }
                String[] words = step.split(" ");
                switch (words[1]) {
                    case "dscl" -> { // the account and its group, stood in for (ServiceAccount): names and ids checked
                        String name = Path.of(words[4]).getFileName().toString();
                        account = account == null ? ServiceAccount.named(name) : account;
                        assertThat(name).as(step).isEqualTo(account.name());
                        if (words.length > 5 && words[5].endsWith("ID")) {
                            ids.put(Path.of(words[4]).getParent().getFileName() + " " + words[5], words[6]);
                        }
                    }
                    case "mkdir" -> List.of(words).subList(3, words.length).forEach(d -> createDirectories(host.resolve(d.substring(1))));
                    case "chown" -> {
                        assertThat(account).as("the account, added before " + step).isNotNull();
                        account.assertNamedBy(words[2]);
                        account.own(host.resolve(words[3].substring(1)), true, words[2].contains(":"));
                    }
                    case "cp" -> {
                        Path to = Files.createDirectories(host.resolve(words[words.length - 1].substring(1)));
                        for (String file : List.of(words).subList(2, words.length - 1)) {
                            Path from = installed.work().resolve(file);
                            Files.copy(from, to.resolve(from.getFileName().toString())); // root's, the source's mode (as cp)
                        }
                    }
                    case "install" -> { // sudo install -m MODE [-o OWNER] FROM DIR/
                        assertThat(words[2]).as(step).isEqualTo("-m");
                        boolean owned = words[4].equals("-o");
                        Path from = installed.work().resolve(words[owned ? 6 : 4]);
                        Path to = Files.createDirectories(host.resolve(words[owned ? 7 : 5].substring(1))).resolve(from.getFileName().toString());
                        Files.copy(from, to);
                        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString(StockInstall.rwx(words[3])));
                        if (owned) {
                            assertThat(account).as("the account, added before " + step).isNotNull();
                            account.assertNamedBy(words[5]);
                            account.own(to, true, false);
                        }
                    }
                    case "launchctl" -> {
                        Path installedPlist = host.resolve(words[words.length - 1].substring(1));
                        // It holds the keystore's password: root's alone (launchd takes a plist no one else can write).
                        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(installedPlist))).isEqualTo("rw-------");
                        Document plist = parse(installedPlist);
                        Map<String, Node> daemon = dict(plist.getDocumentElement().getElementsByTagName("dict").item(0));
                        for (Node s : elements(daemon.get("ProgramArguments"))) {
                            arguments.add(s.getTextContent());
                        }
                        dict(daemon.get("EnvironmentVariables")).forEach((name, value) -> environment.put(name, value.getTextContent()));
                        stderr = host.resolve(daemon.get("StandardErrorPath").getTextContent().substring(1));
                        assertThat(account).as("the account, added before the daemon starts").isNotNull();
                        assertThat(ids.keySet()).as("the ids dscl gives").containsExactly("Groups PrimaryGroupID", "Users PrimaryGroupID",
                                "Users UniqueID");
                        assertThat(Set.copyOf(ids.values())).as("the user's UniqueID and PrimaryGroupID, the group's PrimaryGroupID: one id")
                                .hasSize(1);
                        assertThat(daemon.get("UserName").getTextContent()).as("the plist's UserName: the account the page adds")
                                .isEqualTo(account.name());
                    }
                    default -> throw new AssertionError("a step this test cannot follow: " + step);
                }
            }
        }
        assertThat(arguments).startsWith("/usr/bin/java").contains("serve", "--keystore", "--access-log");
        // Paths into the tree (but java's own), the port a free one.
        List<String> moved = new ArrayList<>();
        for (int i = 1; i < arguments.size(); i++) {
            String word = arguments.get(i);
            moved.add(word.startsWith("/") ? host.resolve(word.substring(1)).toString() : word);
        }
        Path root = host.resolve(arguments.get(arguments.indexOf("--root") + 1).substring(1));
        Files.createDirectories(root.resolve("apps"));
        Files.write(root.resolve("apps/App.pkg"), new byte[64 * 1024]);
        Path accessLog = host.resolve(arguments.get(arguments.indexOf("--access-log") + 1).substring(1));

        proveServes(keys, cert, environment, moved, stderr, accessLog, host, null, account);
    }

    @Test
    void theWinswServiceProxiesEveryValidShapeOverTlsToTheOriginWithoutItsToken(@TempDir Path dir) throws Exception {
        KeyPair keys = BadTokenCorpus.newKeyPair();
        Path host = Files.createDirectories(dir.resolve("tree"));
        String page = ServiceInstall.page();
        Path base = Files.createDirectories(host.resolve("content-token"));
        Path cert;
        int at = 0;
        try (ServiceInstall installed = new ServiceInstall(host, (RSAPublicKey) keys.getPublic())) {
            at = StockInstall.stepAfter(page, ServiceInstall.UNPACK, at);
            assertThat(installed.follow(ServiceInstall.UNPACK)).isTrue();
            Path work = installed.work();
            adminTls(work, "service/content-token-winsw.xml");
            cert = work.resolve("cert.pem");
            // The page: the definition beside the wrapper, with the jar, the key and the keystore.
            for (String file : List.of("content-token.jar", "jamf-public-key.pem", "server.p12", "service/content-token-winsw.xml")) {
                Files.copy(work.resolve(file), base.resolve(Path.of(file).getFileName().toString()));
            }
        }
        for (String step : WINDOWS_STEPS) {
            at = StockInstall.stepAfter(page, step, at);
        }
        Document xml = parse(base.resolve("content-token-winsw.xml"));
        Element service = xml.getDocumentElement();
        assertThat(text(service, "executable")).isEqualTo("%JAVA_HOME%\\bin\\java.exe");
        Map<String, String> environment = new LinkedHashMap<>();
        for (Node env : list(service.getElementsByTagName("env"))) {
            environment.put(((Element) env).getAttribute("name"), ((Element) env).getAttribute("value"));
        }
        List<String> arguments = windowsArguments(text(service, "arguments"));
        assertThat(arguments).contains("proxy", "--origin", "--keystore", "--access-log");
        byte[] content = new byte[64 * 1024];
        try (ContentOrigin iis = ContentOrigin.serving(content)) {
            List<String> moved = new ArrayList<>();
            for (int i = 0; i < arguments.size(); i++) {
                String word = arguments.get(i).replace("%BASE%", base.toString());
                if (arguments.get(i).contains("%BASE%")) {
                    word = word.replace('\\', '/');
                }
                // Ports only: IIS is the test's origin on a port of its own.
                moved.add(i > 0 && arguments.get(i - 1).equals("--origin")
                        ? word.replaceFirst(":\\d+$", ":" + iis.port()) : word);
            }
            Path accessLog = Path.of(moved.get(moved.indexOf("--access-log") + 1));
            // WinSW keeps the service's output beside the definition.
            proveServes(keys, cert, environment, moved, base.resolve("content-token.out.log"), accessLog, host, iis, null);
        }
    }

    /**
     * Runs java with {@code arguments} ({@code --listen}'s port moved to a free one) and
     * {@code environment}, its output in {@code output}; then every valid shape must be served over
     * TLS, every refused one refused, and no file of {@code host} (but the jar) may hold a token.
     * With an {@code account} (launchd's UserName) the service runs as it (ServiceAccount).
     */
    private static void proveServes(KeyPair keys, Path cert, Map<String, String> environment, List<String> arguments, Path output,
            Path accessLog, Path host, ContentOrigin origin, ServiceAccount account) throws Exception {
        Files.createDirectories(output.getParent());
        // With an account (launchd), output is StandardErrorPath, which the account opens; what launchd itself would see goes beside.
        Path launcher = account == null ? output : host.resolve("launchd.out");
        if (account != null && ServiceAccount.switches()) {
            StockInstall.reachableByWorkers(ServerRoot.HOST, host); // the test's temporary directories, down to the tree
        }
        Map<String, String> sent = new LinkedHashMap<>();
        try (ChildServer service = ChildServer.start("content-token service", port -> {
            List<String> line = new ArrayList<>(List.of("env"));
            environment.forEach((name, value) -> line.add(name + "=" + value));
            line.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            for (int i = 0; i < arguments.size(); i++) {
                line.add(i > 0 && arguments.get(i - 1).equals("--listen") ? "127.0.0.1:" + port : arguments.get(i));
            }
            return account == null ? line : account.run(ServerRoot.HOST, line, output);
        }, launcher, output)) {
            if (account != null) {
                account.assertRuns(service, "java");
            }
            HttpClient http = AdminTls.client(cert);
            URI url = URI.create("https://127.0.0.1:" + service.port() + PATH);
            StockInstall.EveryShape shapes = AdminTls.sendEveryShapeOverHttp2(http, keys, url);
            sent.putAll(shapes.sent());
            assertThat(service.awaitLog(accessLog, text -> text.lines().count() >= shapes.requests()))
                    .contains(" EXPIRED").doesNotContain("token=");
            if (origin != null) {
                assertThat(origin.receivedUris()).isNotEmpty().allSatisfy(uri -> assertThat(uri).doesNotContain("token"));
            }
        }
        assertThat(StockInstall.filesHoldingATokenIn(host, sent, f -> f.getFileName().toString().equals("content-token.jar"))).isEmpty();
    }

    /**
     * The admin's TLS files in the download's directory {@code work}: a certificate (cert.pem,
     * key.pem) and the keystore server.p12 made from them with the password {@code definition} sets.
     */
    private static void adminTls(Path work, String definition) throws Exception {
        Path file = work.resolve(definition);
        Matcher password = Pattern.compile("CONTENT_TOKEN_KEYSTORE_PASSWORD(?:</key>\\s*<string>|\" value=\")([^<\"]+)")
                .matcher(Files.readString(file));
        assertThat(password.find()).as("the keystore password in " + file).isTrue();
        AdminTls.selfSigned(work);
        AdminTls.pkcs12(work, "server.p12", password.group(1));
    }

    /** WinSW's arguments as Windows splits them: on spaces, "..." kept together (the quotes dropped). */
    static List<String> windowsArguments(String line) {
        List<String> words = new ArrayList<>();
        Matcher m = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(line);
        while (m.find()) {
            words.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return words;
    }

    private static Document parse(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        // The plist's DOCTYPE names Apple's DTD: never fetched.
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setExpandEntityReferences(false);
        DocumentBuilder builder = factory.newDocumentBuilder();
        return builder.parse(file.toFile());
    }

    /** A plist dict's entries: each key's following element. */
    private static Map<String, Node> dict(Node dict) {
        Map<String, Node> entries = new LinkedHashMap<>();
        List<Node> children = elements(dict);
        for (int i = 0; i + 1 < children.size(); i += 2) {
            assertThat(children.get(i).getNodeName()).isEqualTo("key");
            entries.put(children.get(i).getTextContent(), children.get(i + 1));
        }
        return entries;
    }

    private static List<Node> elements(Node parent) {
        List<Node> elements = new ArrayList<>();
        for (Node n : list(parent.getChildNodes())) {
            if (n.getNodeType() == Node.ELEMENT_NODE) {
                elements.add(n);
            }
        }
        return elements;
    }

    private static List<Node> list(NodeList nodes) {
        List<Node> list = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            list.add(nodes.item(i));
        }
        return list;
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        assertThat(nodes.getLength()).as("<" + tag + ">").isEqualTo(1);
        return nodes.item(0).getTextContent().trim();
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
