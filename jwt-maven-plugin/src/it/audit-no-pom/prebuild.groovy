// Two content servers on a free loopback port, running while Maven audits them:
// /secured/ checks tokens with the independent checker in ItTokens.groovy; /open/ serves anyone.
import com.sun.net.httpserver.HttpExchange
import com.sun.net.httpserver.HttpHandler
import com.sun.net.httpserver.HttpServer

def t = evaluate(new File(itTokens))
def key = t.readPublic(new File(basedir, 'keys/site.pub.pem'))
byte[] content = new byte[20_000]
new Random(7).nextBytes(content)

def serve = { HttpExchange ex ->
    byte[] body = content
    int status = 200
    if (ex.requestHeaders.getFirst('Range') == 'bytes=0-0') {
        body = Arrays.copyOf(content, 1)
        status = 206
        ex.responseHeaders.add('Content-Range', "bytes 0-0/${content.length}".toString())
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
    if (ex.requestURI.rawPath != '/secured/app.pkg') {
        refuse(ex, 404)
        return
    }
    if (!(ex.requestMethod in ['GET', 'HEAD'])) {
        refuse(ex, 405)
        return
    }
    def tokens = (ex.requestURI.rawQuery ?: '').split('&').findAll { it.startsWith('token=') }.collect { it.substring(6) }
    def verdict = 'missing'
    if (tokens.size() == 1) {
        try {
            verdict = t.check(key, tokens[0], System.currentTimeMillis().intdiv(1000))
        } catch (Exception e) {
            verdict = 'refused' // e.g. a signature of the wrong length
        }
    }
    verdict == 'ok' ? serve(ex) : refuse(ex, verdict == 'missing' ? 401 : 403)
} as HttpHandler)
server.start()
// verify.groovy stops it.
System.properties.put('jwt.it.audit.server', server)

def base = "http://127.0.0.1:${server.address.port}"
new File(basedir, 'checking.properties').text = "jwt.url=${base}/secured/app.pkg\n"
new File(basedir, 'open.properties').text = "jwt.url=${base}/open/app.pkg\n"
return true
