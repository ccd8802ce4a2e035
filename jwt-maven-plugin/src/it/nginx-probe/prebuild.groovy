// A real nginx on a free loopback port, running while Maven builds this project, configured with
// the shipped recipe (web-server/nginx) included unchanged but for its state directory (verdict
// cache, verifier socket), moved into a short temp dir: /secured/ is protected by it;
// /open/ serves the same directory with the recipe's auth_request switched off (the hole).
import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions
import java.util.concurrent.TimeUnit

final String NJS_MODULE = '/usr/lib/nginx/modules/ngx_http_js_module.so'
final long STARTUP_MILLIS = 10_000
final int PORT_ATTEMPTS = 3

def nginx = ((System.getenv('PATH') ?: '').split(':').collect { new File(it, 'nginx') } + [new File('/usr/sbin/nginx')])
        .find { it.canExecute() }
if (nginx == null || !new File(NJS_MODULE).canRead()) {
    throw new IllegalStateException("nginx-probe needs nginx with the njs module (${NJS_MODULE}); "
            + 'apt-get install nginx libnginx-mod-http-js')
}

// The project runs from jwt-maven-plugin/target/it/nginx-probe: the recipe is in the checkout above it.
def recipe = null
for (File dir = basedir.canonicalFile; dir != null && recipe == null; dir = dir.parentFile) {
    def candidate = new File(dir, 'web-server/nginx')
    if (new File(candidate, 'content-token.js').isFile()) {
        recipe = candidate
    }
}
if (recipe == null) {
    throw new IllegalStateException("web-server/nginx/content-token.js not found above ${basedir}")
}

def target = new File(basedir, 'target')
def content = new File(target, 'content')
content.mkdirs()
byte[] bytes = new byte[150_000]
new Random(42).nextBytes(bytes)
new File(content, 'app.pkg').bytes = bytes

def prefix = new File(target, 'nginx')
['logs', 'temp', 'recipe'].each { new File(prefix, it).mkdirs() }
// The recipe refuses a state directory other users could enter (mode 0700, as its tmpfiles entry
// makes it); and a Unix socket path must stay under 108 bytes, which a deep checkout would pass:
// so a temp dir (itself 0700) under java.io.tmpdir when that is short (else /tmp), deleted by
// verify.groovy.
final String STATE_DIR = '/run/nginx-content-token'
String tmp = System.getProperty('java.io.tmpdir')
def stateParent = Files.createTempDirectory(java.nio.file.Paths.get(tmp.length() <= 60 ? tmp : '/tmp'), 'nginx-probe')
def state = Files.createDirectory(stateParent.resolve('state'),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString('rwx------')))
System.properties.put('jwt.it.nginx-probe.state', stateParent.toString())
if (!new File(recipe, 'content-token-http.conf').text.contains(STATE_DIR)) {
    throw new IllegalStateException("content-token-http.conf no longer uses ${STATE_DIR}")
}
recipe.listFiles().each { File f ->
    new File(prefix, "recipe/${f.name}").text = f.text.replace(STATE_DIR, state.toString())
}
recipe = new File(prefix, 'recipe')
def conf = new File(prefix, 'nginx.conf')
def errorLog = new File(prefix, 'logs/error.log')
def key = new File(basedir, 'keys/site.pub.pem').canonicalFile
// As root, nginx would run its workers as "nobody", who may not read this checkout.
boolean root = Files.getAttribute(new File('/proc/self').toPath(), 'unix:uid') == 0

def config = { int port ->
    """\
${root ? 'user root;' : ''}
load_module ${NJS_MODULE};
worker_processes 1;
pid ${prefix}/logs/nginx.pid;
error_log ${errorLog} warn;
events { worker_connections 64; }
http {
  default_type application/octet-stream;
  client_body_temp_path ${prefix}/temp/body;
  proxy_temp_path ${prefix}/temp/proxy;
  fastcgi_temp_path ${prefix}/temp/fastcgi;
  uwsgi_temp_path ${prefix}/temp/uwsgi;
  scgi_temp_path ${prefix}/temp/scgi;
  js_path "${recipe}/";
  include "${recipe}/content-token-http.conf";
  server {
    listen 127.0.0.1:${port};
    access_log ${prefix}/logs/access.log content_token;
    set \$content_token_keys "${key}";
    include "${recipe}/content-token.conf";
    location /secured/ { alias ${content}/; }
    # The same files with the token check switched off: what a server without the recipe does.
    location /open/ { auth_request off; alias ${content}/; }
  }
}
"""
}

def stop = { Process process ->
    process.destroy() // SIGTERM: nginx's fast shutdown of master and worker.
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.descendants().each { it.destroyForcibly() }
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS)
    }
}

def awaitListening = { Process process, int port ->
    long deadline = System.currentTimeMillis() + STARTUP_MILLIS
    while (System.currentTimeMillis() < deadline) {
        if (!process.alive) {
            return false
        }
        try {
            new Socket().withCloseable { it.connect(new InetSocketAddress(InetAddress.loopbackAddress, port), 200) }
            return true
        } catch (IOException notYet) {
            // nginx signals readiness only by its socket: poll it, bounded by the deadline.
            process.waitFor(50, TimeUnit.MILLISECONDS)
        }
    }
    stop(process)
    throw new IllegalStateException("nginx did not listen on 127.0.0.1:${port} within ${STARTUP_MILLIS} ms: ${errorLog.text}")
}

Process process = null
int port = 0
for (int attempt = 1; attempt <= PORT_ATTEMPTS && process == null; attempt++) {
    port = new ServerSocket(0, 1, InetAddress.loopbackAddress).withCloseable { it.localPort }
    conf.text = config(port)
    def started = new ProcessBuilder(nginx.path, '-p', "${prefix}/".toString(), '-c', conf.path,
            '-e', errorLog.path, '-g', 'daemon off;')
            .redirectErrorStream(true)
            .redirectOutput(new File(prefix, 'logs/stdout.log'))
            .start()
    if (awaitListening(started, port)) {
        process = started
    } else if (!errorLog.text.contains('Address already in use') || attempt == PORT_ATTEMPTS) {
        throw new IllegalStateException("nginx exited with ${started.exitValue()} at startup (${conf}): ${errorLog.text}")
    }
}

// verify.groovy stops it; the hook covers a build that ends before verify.groovy runs.
def shutdownHook = new Thread({ if (process.alive) { stop(process) } } as Runnable, 'nginx-probe stop')
Runtime.runtime.addShutdownHook(shutdownHook)
System.properties.put('jwt.it.nginx-probe.stop', { ->
    stop(process)
    Runtime.runtime.removeShutdownHook(shutdownHook)
})

def base = "http://127.0.0.1:${port}"
new File(target, 'secured.txt').text = "${base}/secured/app.pkg\n"
new File(target, 'open.txt').text = "${base}/open/app.pkg\n"
return true
