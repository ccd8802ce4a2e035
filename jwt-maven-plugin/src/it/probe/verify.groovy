// The probe passed against the checking server and failed the build against the open one.
def server = System.properties.remove('jwt.it.probe.server')
server?.stop(0)

def log = new File(basedir, 'build.log').text
def expect = { String text -> assert log.contains(text) : "build.log lacks: ${text}" }

expect('/secured/app.pkg [probe: no token]: refused with HTTP 401')
expect('/secured/app.pkg [probe: tampered token]: refused with HTTP 403')
expect('/secured/app.pkg [probe: expired token]: refused with HTTP 403')
expect('/secured/app.pkg [probe: valid token]: served 65536 bytes (206 Partial Content); their SHA-256 matches the local file')

expect('/open/app.pkg [probe: no token]: serves content without a token (HTTP 206): this is the hole Jamf warns about')
expect('/open/app.pkg [probe: expired token]: serves content with an expired token')
expect('Fix: configure the web server to validate the token on every request (see README')
return true
