// Run 1 passed every check against the served URL; run 2 (token check off) failed on the hole;
// both closed the server at the end of the build and printed its access log, never a token.
def log = new File(basedir, 'build.log').text
def expect = { String text -> assert log.contains(text) : "build.log lacks: ${text}" }

def served = (log =~ /jwt\.serve\.baseUrl = (http:\/\/127\.0\.0\.1:\d+)/)
assert served.find() : 'jwt:serve did not publish jwt.serve.baseUrl'
def baseUrl = served.group(1)
def signed = new File(basedir, 'target/jwt/signed/app.pkg.plist').text
assert signed.contains('<string>http://127.0.0.1:') : 'the signed manifest does not point at jwt:serve'

expect("${baseUrl}/app.pkg [asset]: token valid")
expect("${baseUrl}/app.pkg [probe: no-token-get]: refused, HTTP 401")
expect("${baseUrl}/app.pkg [probe: tampered-payload]: refused, HTTP 403")
expect("${baseUrl}/app.pkg [probe: expired]: refused, HTTP 403")
expect("${baseUrl}/app.pkg [probe: content-matches]: served 150000 bytes (206 Partial Content)")
expect("jwt:serve stopped ${baseUrl} (")
// The summary counts every request the probe sent (their number grows with the audit's cases);
// run 1 passing already says each case got the answer its rule wants.
def on = (log =~ /token check on\): (\d+) request\(s\), \d+ served, [1-9]\d* refused \(401\/403\)/)
assert on.find() : 'the checking server did not print its access log with refusals'
def requests = on.group(1)
expect('  GET /app.pkg [bytes=0-0] -> 401 MISSING')
expect('  HEAD /app.pkg -> 200 token accepted')
expect('  GET /app.pkg -> 403 BAD_SIGNATURE')
expect('  GET /app.pkg -> 403 EXPIRED')
expect('  GET /app.pkg [bytes=0-149999] -> 206 token accepted')

expect('(token check OFF: anyone can download, the hole Jamf warns about)')
expect('[probe: no-token-get]: served, HTTP 200: anyone can get the content this way; this is the hole Jamf warns about')
// Closed at the end of the failing build too, before Maven's verdict.
def stopped = log.lastIndexOf("token check OFF): ${requests} request(s), ")
assert log =~ /token check OFF\): \d+ request\(s\), \d+ served, 0 refused \(401\/403\)/ : 'the open server refused a request'
assert stopped > 0 : 'the open server did not print its access log'
assert stopped < log.lastIndexOf('BUILD FAILURE') : 'the access log came after the build result'

assert !(log =~ /eyJ[A-Za-z0-9_-]*\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{16}/) : 'a whole token reached the build log'
return true
