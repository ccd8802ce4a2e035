package dev.securedcontent.jwt.it.nginx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.securedcontent.jwt.core.BadTokenCorpus;
import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.it.ChildServer;
import dev.securedcontent.jwt.it.RecipeServer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recipe's state directory (verdict cache and verifier socket) is the nginx worker user's
 * alone, or the recipe refuses every request: a local user who could write the verdict cache could
 * grant downloads without a token, and one who could reach the verifier socket could ask for
 * checks with keys of their own.
 */
class NginxStateDirectoryTest {
    /** The local user playing the attacker (tests run nginx's workers as root). */
    private static final String OTHER_USER = "nobody";
    private static final int OTHER_UID = 65534;
    /** nginx 1.22's ngx_http_file_cache_header_t on x86-64 and aarch64: crc32 of the key at this offset. */
    private static final int CACHE_HEADER_CRC32_OFFSET = 48;

    @TempDir
    Path dir;

    private static HttpResponse<byte[]> get(RecipeNginx nginx, String pathAndQuery) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(nginx.uri(pathAndQuery)).build();
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Path mkdir(Path path, String permissions) throws IOException {
        Files.createDirectories(path);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        return path;
    }

    private static UserPrincipal otherUser(Path anyFile) throws IOException {
        return anyFile.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(OTHER_USER);
    }

    @Test
    void worldWritableStateDirectoryIsRefusedAndTheErrorLogNamesItAndTheFix() throws Exception {
        KeyPair keys = BadTokenCorpus.newKeyPair();
        String token = ContentTokenSigner.builder(keys.getPrivate()).build().sign();
        Path home = dir.resolve("shared");
        // What another user could do before nginx started, where the directory was up for grabs.
        Path state = mkdir(home.resolve("state"), "rwxrwxrwx");
        if (ChildServer.isRoot()) {
            Files.setOwner(state, otherUser(state));
        }

        try (RecipeNginx nginx = RecipeNginx.start(home, List.of(keys.getPublic()), List.of())) {
            HttpResponse<byte[]> withToken = get(nginx, RecipeNginx.CONTENT_PATH + "?token=" + token);
            HttpResponse<byte[]> withoutToken = get(nginx, RecipeNginx.CONTENT_PATH);

            assertThat(withToken.statusCode()).isEqualTo(500);
            assertThat(withoutToken.statusCode()).isEqualTo(500);
            assertThat(nginx.accessLog(2).lines()).hasSize(2).allMatch(line -> line.endsWith(" MISCONFIGURED"));
            assertThat(nginx.errorLog())
                    .contains("content token check failed, refusing every request until fixed",
                            state + " (mode 0777)", "must be mode 0700", "delete the directory",
                            "systemd-tmpfiles --create /etc/tmpfiles.d/nginx-content-token.conf")
                    .doesNotContain(token.substring(token.lastIndexOf('.') + 1));
        }
    }

    @Test
    void symbolicLinkAsStateDirectoryIsRefused() throws Exception {
        KeyPair keys = BadTokenCorpus.newKeyPair();
        String token = ContentTokenSigner.builder(keys.getPrivate()).build().sign();
        Path home = Files.createDirectories(dir.resolve("linked"));
        Path elsewhere = mkdir(dir.resolve("elsewhere"), "rwx------");
        Files.createSymbolicLink(home.resolve("state"), elsewhere);

        try (RecipeNginx nginx = RecipeNginx.start(home, List.of(keys.getPublic()), List.of())) {
            assertThat(get(nginx, RecipeNginx.CONTENT_PATH + "?token=" + token).statusCode()).isEqualTo(500);
            assertThat(nginx.errorLog()).contains(home.resolve("state") + " is a symbolic link");
        }
    }

    /**
     * The attack of issue 22: another user made the directory (mode 0700, theirs) before nginx
     * started and put a verdict in it for a URL without a token, keyed as nginx keys it. nginx
     * hands the cache directory to its worker user but leaves what is in it; the planted verdict
     * must not serve the file.
     */
    @Test
    void plantedVerdictInADirectoryOfAnotherUserServesNothing() throws Exception {
        assumeTrue(ChildServer.isRoot(), "needs root to give files to " + OTHER_USER);
        KeyPair keys = BadTokenCorpus.newKeyPair();
        String token = ContentTokenSigner.builder(keys.getPrivate()).build().sign();
        // A real allow as nginx writes it, from an nginx set up as the README says; the attacker
        // can write such a file by hand (its layout is nginx's), this saves the test doing so.
        byte[] template;
        String templateKey;
        try (RecipeNginx honest = RecipeNginx.startServers(dir.resolve("template"),
                List.of(keyDir(dir.resolve("template"), keys)), 1)) {
            assertThat(get(honest, RecipeNginx.CONTENT_PATH + "?token=" + token).statusCode()).isEqualTo(200);
            Path cached = onlyFile(dir.resolve("template/state/verdicts"));
            template = Files.readAllBytes(cached);
            templateKey = workerPid(dir.resolve("template")) + " " + dir.resolve("template/keys") + "/ "
                    + RecipeNginx.CONTENT_PATH + "?token=" + token;
        }
        assertThat(readInt(template, CACHE_HEADER_CRC32_OFFSET)).as("nginx's cache file layout")
                .isEqualTo(crc32(templateKey));

        Path home = dir.resolve("attacked");
        UserPrincipal attacker = otherUser(dir);
        Path state = mkdir(home.resolve("state"), "rwx------");
        Path verdicts = mkdir(state.resolve("verdicts"), "rwx------");
        for (Path p : List.of(state, verdicts)) {
            Files.setOwner(p, attacker);
        }
        String keySetting = keyDir(home, keys);
        try (RecipeNginx nginx = RecipeNginx.startServers(home, List.of(keySetting), 1)) {
            String prefix = workerPid(home) + " " + keySetting + " " + RecipeNginx.CONTENT_PATH + "?x=";
            assertThat(prefix.length()).isLessThan(templateKey.length());
            String uri = RecipeNginx.CONTENT_PATH + "?x=" + "a".repeat(templateKey.length() - prefix.length());
            String key = workerPid(home) + " " + keySetting + " " + uri;
            plant(verdicts, key, planted(template, templateKey, key), attacker);

            HttpResponse<byte[]> response = get(nginx, uri);

            assertThat(response.statusCode()).as("a request without a token after the verdict was planted").isEqualTo(500);
            assertThat(response.body()).isNotEqualTo(nginx.content());
            assertThat(nginx.accessLog(1)).endsWith(" MISCONFIGURED\n");
            assertThat(nginx.errorLog()).contains(state + " is owned by uid " + OTHER_UID + ", not by the nginx worker user");
        }
    }

    /** The verifier socket sits in the state directory, where no other user can reach it. */
    @Test
    void verifierSocketIsInTheStateDirectoryTheTmpfilesEntryMakesForTheWorkerUserAlone() throws Exception {
        Path recipe = RecipeNginx.recipeDir();
        String http = Files.readString(recipe.resolve("content-token-http.conf"));
        String tmpfiles = Files.readString(recipe.resolve("nginx-content-token.tmpfiles.conf"));

        assertThat(http)
                .contains("js_var $content_token_state_dir " + RecipeNginx.STATE_DIR + ";")
                .contains("proxy_cache_path " + RecipeNginx.STATE_DIR + "/verdicts ")
                .contains("server unix:" + RecipeNginx.STATE_DIR + "/verifier.sock;")
                .contains("listen unix:" + RecipeNginx.STATE_DIR + "/verifier.sock;");
        assertThat(http.lines().filter(line -> line.contains("unix:"))).hasSize(2);
        assertThat(tmpfiles.lines().filter(line -> !line.startsWith("#")))
                .containsExactly("D      " + RecipeNginx.STATE_DIR + " 0700 www-data www-data -");
    }

    /**
     * Another local user cannot reach the verifier socket, so cannot ask for a check with keys of
     * their own; a socket nginx makes beside the state directory, they can.
     */
    @Test
    void anotherUserCannotReachTheVerifierSocket() throws Exception {
        assumeTrue(ChildServer.isRoot(), "needs root to act as " + OTHER_USER);
        Path setpriv = ChildServer.installed("setpriv", List.of(), "util-linux");
        Path curl = ChildServer.installed("curl", List.of(), "curl");
        KeyPair server = BadTokenCorpus.newKeyPair();
        KeyPair own = BadTokenCorpus.newKeyPair();
        String ownToken = ContentTokenSigner.builder(own.getPrivate()).build().sign();
        Path ownKeys = mkdir(dir.resolve("own-keys"), "rwxr-xr-x");
        Files.writeString(ownKeys.resolve("own.pem"), RecipeServer.pem(own.getPublic()));
        Files.setPosixFilePermissions(ownKeys.resolve("own.pem"), PosixFilePermissions.fromString("rw-r--r--"));
        // The temp dir may be passed through by anyone, as /run is: only the state directory keeps them out.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));

        try (RecipeNginx nginx = RecipeNginx.start(dir, List.of(server.getPublic()), List.of())) {
            List<String> asOther = List.of(setpriv.toString(), "--reuid=" + OTHER_UID, "--regid=" + OTHER_UID, "--clear-groups", "--",
                    curl.toString(), "-sS", "-o", "/dev/null", "-w", "%{http_code}");
            String origin = run(asOther, "--unix-socket", dir.resolve("origin.sock").toString(), "http://origin/proxied/app.pkg");
            String verifier = run(asOther, "--unix-socket", dir.resolve("state/verifier.sock").toString(),
                    "-H", "X-Content-Token-Keys: " + ownKeys + "/",
                    "-H", "X-Content-Token-Uri: " + RecipeNginx.CONTENT_PATH + "?token=" + ownToken,
                    "-H", "X-Content-Token-Client: 192.0.2.1",
                    "http://verifier/");

            assertThat(origin).as("control: a socket beside the state directory").startsWith("200");
            assertThat(verifier).as("connecting to the verifier socket").endsWith("000 (exit 7)");
        }
    }

    /** Runs {@code command} plus {@code args}; its exit code, output and error output. */
    private String run(List<String> command, String... args) throws Exception {
        List<String> full = new ArrayList<>(command);
        full.addAll(List.of(args));
        Path out = dir.resolve("command.out");
        Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(String.join(" ", full)).isTrue();
        return Files.readString(out) + " (exit " + process.exitValue() + ")";
    }

    /** Writes {@code key} in a keys directory of {@code home}; the key setting naming it. */
    private static String keyDir(Path home, KeyPair keys) throws IOException {
        Path keyDir = Files.createDirectories(home.resolve("keys"));
        Files.writeString(keyDir.resolve("jamf.pem"), RecipeServer.pem(keys.getPublic()));
        return keyDir + "/";
    }

    /** The pid of the only worker of the nginx in {@code home} (part of the verdict cache key). */
    private static long workerPid(Path home) throws IOException {
        long master = Long.parseLong(Files.readString(home.resolve("logs/nginx.pid")).strip());
        // nginx names its processes in their command line ("nginx: worker process").
        List<Long> workers = ProcessHandle.of(master).orElseThrow().children().map(ProcessHandle::pid)
                .filter(pid -> commandLine(pid).startsWith("nginx: worker process"))
                .toList();
        assertThat(workers).hasSize(1);
        return workers.get(0);
    }

    private static String commandLine(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/cmdline"), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }

    private static Path onlyFile(Path root) throws IOException {
        // nginx moves a verdict into the cache when the verifier's answer is complete, which may be
        // after the client already has its response: poll (bounded) for it.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<Path> regular;
        do {
            try (Stream<Path> files = Files.walk(root)) {
                regular = files.filter(Files::isRegularFile).toList();
            }
            if (regular.isEmpty()) {
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
        } while (regular.isEmpty() && System.nanoTime() < deadline);
        assertThat(regular).hasSize(1);
        return regular.get(0);
    }

    /** {@code template} as a verdict for {@code key}: the key and its crc32 replaced (same length). */
    private static byte[] planted(byte[] template, String templateKey, String key) {
        assertThat(key).hasSameSizeAs(templateKey);
        byte[] from = ("\nKEY: " + templateKey + "\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] to = ("\nKEY: " + key + "\n").getBytes(StandardCharsets.ISO_8859_1);
        int at = indexOf(template, from);
        assertThat(at).as("the key in the cache file").isPositive();
        byte[] file = template.clone();
        System.arraycopy(to, 0, file, at, to.length);
        ByteBuffer.wrap(file).order(ByteOrder.nativeOrder()).putInt(CACHE_HEADER_CRC32_OFFSET, (int) crc32(key));
        return file;
    }

    /** Writes the verdict where nginx looks for {@code key} (levels=2: the last two hex digits of its MD5), as the attacker. */
    private static void plant(Path verdicts, String key, byte[] file, UserPrincipal attacker) throws Exception {
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(key.getBytes(StandardCharsets.ISO_8859_1)));
        Path level = mkdir(verdicts.resolve(md5.substring(md5.length() - 2)), "rwxr-xr-x");
        Path target = Files.write(level.resolve(md5), file);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
        for (Path p : List.of(level, target)) {
            Files.setOwner(p, attacker);
        }
    }

    private static long readInt(byte[] bytes, int offset) {
        return Integer.toUnsignedLong(ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).getInt(offset));
    }

    private static long crc32(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.ISO_8859_1));
        return crc.getValue();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
