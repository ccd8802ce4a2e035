// Tokens for this project, minted with the JDK: good ones for the command line, bad ones in a URL list.
def t = evaluate(new File(itTokens))
def site = t.readPrivate(new File(basedir, 'keys/site.key.pem'))
def other = t.readPrivate(new File(basedir, 'keys/other.key.pem'))
long now = System.currentTimeMillis().intdiv(1000)

def valid = t.mint(site, now + 600)
def expired = t.mint(site, now - 3600)
def foreign = t.mint(other, now + 600)
def tampered = t.tamper(t.mint(site, now + 600))

def target = new File(basedir, 'target')
target.mkdirs()
new File(target, 'cli.properties').text =
        "jwt.url=https://downloads.example.com/apps/Example.ipa?token=${valid},https://downloads.example.com/b.pkg?x=1&token=${valid}\n" +
        "jwt.token=${valid}\n"
new File(target, 'bad-urls.txt').text = """# every URL below is wrong in its own way
https://downloads.example.com/a-expired.pkg?token=${expired}
https://downloads.example.com/b-other-key.pkg?token=${foreign}
https://downloads.example.com/c-tampered.pkg?token=${tampered}
http://downloads.example.com/d-plain-http.pkg?token=${valid}
https://downloads.example.com/e-unsigned.pkg
"""
new File(target, 'signatures.txt').text = [valid, expired, foreign, tampered].collect { t.signature(it) }.join('\n')
return true
