// The probe passed against the checking server and failed the build against the open one.
def server = System.properties.remove('jwt.it.probe.server')
server?.stop(0)

def log = new File(basedir, 'build.log').text
def expect = { String text -> assert log.contains(text) : "build.log lacks: ${text}" }

expect('/secured/app.pkg [probe: no-token-get]: refused, HTTP 401')
expect('/secured/app.pkg [probe: tampered-payload]: refused, HTTP 403')
expect('/secured/app.pkg [probe: expired]: refused, HTTP 403')
expect('/secured/app.pkg [probe: alg-none]: refused, HTTP 403')
expect('/secured/app.pkg [probe: path-double-slash]: not served, HTTP 4')
expect('/secured/app.pkg [probe: content-matches]: served 65536 bytes (206 Partial Content); their SHA-256 matches the local file')

expect('/open/app.pkg [probe: no-token-get]: served, HTTP 200: anyone can get the content this way; this is the hole Jamf warns about')
expect('/open/app.pkg [probe: expired]: served, HTTP 200')
expect('Fix: check the token on every request to the content location, for every method')
return true
