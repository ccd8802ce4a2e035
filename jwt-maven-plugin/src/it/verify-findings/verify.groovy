// Good command-line tokens passed; every bad URL failed with its own line; nothing secret in the log.
def log = new File(basedir, 'build.log').text

assert log.contains('[PASSED] command line -Djwt.url #1 https://downloads.example.com/apps/Example.ipa [token]')
assert log.contains('[PASSED] command line -Djwt.url #2 https://downloads.example.com/b.pkg?x=1 [token]')
assert log.contains('[PASSED] command line -Djwt.url #3 https://downloads.example.com/c.pkg [token]')
assert log.contains('[PASSED] command line -Djwt.token #1 [token]')

def bad = 'target/bad-urls.txt'
def expect = { String text -> assert log.contains(text) : "build.log lacks: ${text}" }
expect("${bad} line 2 https://downloads.example.com/a-expired.pkg [token]: EXPIRED")
expect("${bad} line 3 https://downloads.example.com/b-other-key.pkg [token]: BAD_SIGNATURE")
expect("${bad} line 4 https://downloads.example.com/c-tampered.pkg [token]: BAD_SIGNATURE")
expect("${bad} line 5 http://downloads.example.com/d-plain-http.pkg [https]: uses http")
expect("${bad} line 6 https://downloads.example.com/e-unsigned.pkg [token]: MISSING")
// The parameter name in another letter case is the token too (servers read it so): checked and never shown.
expect("${bad} line 7 https://downloads.example.com/f-name-capitalised.pkg?x=1 [token]: EXPIRED")
def plist = 'target/app.plist'
expect("${plist} items[0].assets[0].sha256s[0] [HASH_MISMATCH]")
expect('jwt:verify: ')
expect(' failed, ')

def json = new File(basedir, 'target/jwt/verify-report.json').text
assert json.contains('"failed": 7')
assert json.contains('"detail": "EXPIRED')
def junit = new File(basedir, 'target/jwt/TEST-jwt-verify.xml').text
assert junit.contains('failures="7"')

// No token signature anywhere a person or CI could see it.
new File(basedir, 'target/signatures.txt').readLines().each { signature ->
    assert !log.contains(signature) : 'a token signature appears in build.log'
    assert !json.contains(signature) : 'a token signature appears in verify-report.json'
    assert !junit.contains(signature) : 'a token signature appears in TEST-jwt-verify.xml'
}
return true
