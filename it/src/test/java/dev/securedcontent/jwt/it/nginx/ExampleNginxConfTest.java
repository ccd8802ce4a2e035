package dev.securedcontent.jwt.it.nginx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.securedcontent.jwt.it.ChildServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example nginx.conf the README points admins to is a configuration nginx accepts. */
class ExampleNginxConfTest {
    @TempDir
    Path dir;

    @Test
    void exampleConfigurationPassesNginxConfigTest() throws Exception {
        Path nginx = RecipeNginx.nginxBinary();
        Path recipe = RecipeNginx.installRecipe(dir);
        String example = Files.readString(recipe.resolve("nginx.conf"), StandardCharsets.UTF_8);
        // Only what belongs to a real host moves: install paths to the checkout, logs and keys to
        // the temp dir, TLS (no certificate here) to plain HTTP.
        Map<String, String> hostSpecific = new LinkedHashMap<>();
        hostSpecific.put("user www-data;\n", "");
        hostSpecific.put("include /etc/nginx/modules-enabled/*.conf;", "load_module " + RecipeNginx.NJS_MODULE + ";");
        hostSpecific.put("include /etc/nginx/mime.types;", "types { application/octet-stream pkg; }");
        hostSpecific.put("/var/log/nginx/", dir + "/");
        hostSpecific.put("pid /run/nginx.pid;", "pid " + dir.resolve("nginx.pid") + ";");
        hostSpecific.put("js_path /etc/nginx/njs/;", "js_path " + recipe + "/;");
        hostSpecific.put("/etc/nginx/snippets/", recipe + "/");
        hostSpecific.put("/etc/nginx/content-token/keys/", dir + "/keys/");
        // nginx -t does not listen, but a fixed port here would be copied into tests that do.
        hostSpecific.put("listen 443 ssl;", "listen 127.0.0.1:" + ChildServer.freeLoopbackPort() + ";");
        hostSpecific.put("ssl_certificate     /etc/ssl/certs/downloads.example.com.pem;\n", "");
        hostSpecific.put("ssl_certificate_key /etc/ssl/private/downloads.example.com.key;\n", "");
        String config = example;
        for (Map.Entry<String, String> e : hostSpecific.entrySet()) {
            assertThat(config).as("the example nginx.conf still has " + e.getKey().strip()).contains(e.getKey());
            config = config.replace(e.getKey(), e.getValue());
        }
        Path conf = Files.writeString(dir.resolve("nginx.conf"), config);

        Process test = new ProcessBuilder(nginx.toString(), "-t", "-p", dir + "/", "-c", conf.toString(),
                "-e", dir.resolve("error.log").toString())
                .redirectErrorStream(true).start();
        String output = new String(test.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(test.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(output).contains("test is successful");
        assertThat(test.exitValue()).isZero();
    }
}
