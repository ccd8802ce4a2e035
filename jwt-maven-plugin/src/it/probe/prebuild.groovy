// A content server on a free loopback port, running while Maven builds this project:
// /secured/ checks tokens as a protecting web server must; /open/ serves anyone (the hole).
import com.sun.net.httpserver.HttpExchange
import com.sun.net.httpserver.HttpHandler
import com.sun.net.httpserver.HttpServer

def t = evaluate(new File(itTokens))
def key = t.readPublic(new File(basedir, 'keys/site.pub.pem'))

def target = new File(basedir, 'target')
new File(target, 'content').mkdirs()
def random = new Random(42)
byte[] content = new byte[150_000]
random.nextBytes(content)
new File(target, 'content/app.pkg').bytes = content

def serve = { HttpExchange ex ->
    byte[] body = content
    int status = 200
    def range = ex.requestHeaders.getFirst('Range')
    def m = range =~ /^bytes=(\d+)-(\d*)$/
    if (m.matches()) {
        int first = Integer.parseInt(m.group(1))
        int last = m.group(2) ? Math.min(Integer.parseInt(m.group(2)), content.length - 1) : content.length - 1
        body = Arrays.copyOfRange(content, first, last + 1)
        status = 206
        ex.responseHeaders.add('Content-Range', "bytes ${first}-${last}/${content.length}".toString())
    }
    if (ex.requestMethod == 'HEAD') {
        ex.sendResponseHeaders(status, -1)
    } else {
        ex.sendResponseHeaders(status, body.length)
        ex.responseBody.write(body)
    }
    ex.close()
}
def refuse = { HttpExchange ex, int status ->
    ex.sendResponseHeaders(status, -1)
    ex.close()
}

def server = HttpServer.create(new InetSocketAddress(InetAddress.loopbackAddress, 0), 0)
server.createContext('/open/', { HttpExchange ex -> serve(ex) } as HttpHandler)
server.createContext('/secured/', { HttpExchange ex ->
    def tokens = (ex.requestURI.rawQuery ?: '').split('&').findAll { it.startsWith('token=') }.collect { it.substring(6) }
    def verdict = tokens.size() == 1 ? t.check(key, tokens[0], System.currentTimeMillis().intdiv(1000)) : (tokens ? 'refused' : 'missing')
    if (verdict == 'ok') {
        serve(ex)
    } else {
        refuse(ex, verdict == 'missing' ? 401 : 403)
    }
} as HttpHandler)
server.start()
// verify.groovy stops it.
System.properties.put('jwt.it.probe.server', server)

def base = "http://127.0.0.1:${server.address.port}"
new File(target, 'secured.txt').text = "${base}/secured/app.pkg\n"
new File(target, 'open.txt').text = "${base}/open/app.pkg\n"
return true
