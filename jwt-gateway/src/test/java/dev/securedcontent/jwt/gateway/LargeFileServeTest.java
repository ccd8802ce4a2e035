package dev.securedcontent.jwt.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.core.ContentTokenSigner;
import dev.securedcontent.jwt.core.RsaKeys;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} in a child JVM with a 64 MiB heap streams a 3 GiB file (sparse: no disk cost) to 4
 * clients at once, each body compared by length and CRC-32C: the file is never held in memory.
 */
@Tag("large-files")
class LargeFileServeTest {
    private static final long SIZE = (3L << 30) + 7;
    private static final int CLIENTS = 4;

    @TempDir
    Path dir;

    @Test
    void serveWith64MiBOfHeapStreamsA3GiBFileToFourClientsAtOnce() throws Exception {
        KeyPair keys = RsaKeys.generate(2048);
        Path publicKey = dir.resolve("public.pem");
        RsaKeys.writePublicKey(publicKey, (RSAPublicKey) keys.getPublic());
        Path root = Files.createDirectories(dir.resolve("root"));
        Path file = sparse(root.resolve("big.pkg"));
        long expected = crc(file);

        Process serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), ContentTokenCommand.class.getName(), "serve",
                "--root", root.toString(), "--keys", publicKey.toString(), "--listen", "127.0.0.1:0")
                .redirectErrorStream(true).start();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            int port = port(serve);
            String url = ContentTokenSigner.builder(keys.getPrivate()).build()
                    .signUrl(URI.create("http://127.0.0.1:" + port + "/big.pkg")).toString();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            List<Future<long[]>> downloads = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                downloads.add(clients.submit(() -> {
                    HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
                            HttpResponse.BodyHandlers.ofInputStream());
                    try (InputStream body = response.body()) {
                        CRC32C crc = new CRC32C();
                        byte[] buffer = new byte[1 << 16];
                        long length = 0;
                        for (int n; (n = body.read(buffer)) > 0; length += n) {
                            crc.update(buffer, 0, n);
                        }
                        return new long[] {response.statusCode(), length, crc.getValue()};
                    }
                }));
            }
            for (Future<long[]> download : downloads) {
                assertThat(download.get()).containsExactly(200, SIZE, expected);
            }
            assertThat(serve.isAlive()).as("serve did not run out of heap").isTrue();
        } finally {
            clients.shutdownNow();
            serve.destroy();
            serve.waitFor();
        }
    }

    /** The port from serve's startup line ("content-token: serving ... on http://127.0.0.1:PORT (HTTP/1.1)"). */
    private static int port(Process serve) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
        Pattern startup = Pattern.compile("content-token: serving .* on http://127\\.0\\.0\\.1:(\\d+) .*");
        StringBuilder seen = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            Matcher m = startup.matcher(line);
            if (m.matches()) {
                // Keep reading (and dropping) the rest, so the child never blocks on a full pipe.
                Thread drain = new Thread(() -> {
                    try {
                        out.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException ignored) {
                        // the child ended
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("serve did not start:\n" + seen);
    }

    /** Zeros with marker bytes at the start, across 2 GiB, a third in and at the end. */
    private static Path sparse(Path file) throws IOException {
        byte[] marker = "secured-content".getBytes(StandardCharsets.US_ASCII);
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.setLength(SIZE);
            for (long at : new long[] {0, (2L << 30) - 5, SIZE / 3, SIZE - marker.length}) {
                out.seek(at);
                out.write(marker);
            }
        }
        return file;
    }

    private static long crc(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            CRC32C crc = new CRC32C();
            ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
            while (channel.read(buffer.clear()) > 0) {
                crc.update(buffer.flip());
            }
            return crc.getValue();
        }
    }
}
