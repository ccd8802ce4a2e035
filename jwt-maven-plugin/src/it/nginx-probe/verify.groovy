// The probe passed against the shipped nginx recipe (/secured/) and failed the build against the
// same nginx with the token check off (/open/); nginx's access log holds no token.
def stop = System.properties.remove('jwt.it.nginx-probe.stop')
stop?.call() // first, so nginx stops whatever the checks below say
def state = System.properties.remove('jwt.it.nginx-probe.state')
if (state != null) {
    new File(state).deleteDir() // the recipe's state directory (prebuild.groovy), outside target/
}

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

// The recipe's log format: path without the query string, then the verdict (reason or "-").
def nginxLogs = new File(basedir, 'target/nginx/logs')
def access = new File(nginxLogs, 'access.log').text
def logged = { String line -> assert access =~ line : "nginx access.log lacks a line matching ${line}:\n${access}" }
logged(/(?m)"GET \/secured\/app\.pkg HTTP\/1\.1" 401 .* MISSING$/)
logged(/(?m)"GET \/secured\/app\.pkg HTTP\/1\.1" 403 .* BAD_SIGNATURE$/)
logged(/(?m)"GET \/secured\/app\.pkg HTTP\/1\.1" 403 .* EXPIRED$/)
logged(/(?m)"GET \/secured\/app\.pkg HTTP\/1\.1" 206 65536 .* -$/)
logged(/(?m)"GET \/open\/app\.pkg HTTP\/1\.1" 206 /)
assert !access.contains('eyJ') : "nginx access.log holds a token:\n${access}"
assert !access.contains('token=') : "nginx access.log holds a token parameter:\n${access}"

// The recipe's error-log lines name the reason and show tokens only without their signature.
def errors = new File(nginxLogs, 'error.log').text
assert errors.contains('content token rejected (403 EXPIRED)') : "nginx error.log lacks the EXPIRED rejection:\n${errors}"
assert !(errors =~ /eyJ[\w-]*\.eyJ[\w-]*\.[\w-]/) : "nginx error.log holds a whole token:\n${errors}"
return true
