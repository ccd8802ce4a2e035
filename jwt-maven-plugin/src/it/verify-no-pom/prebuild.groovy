// Signed URL lists minted with the JDK: one valid, one with a tampered signature.
def t = evaluate(new File(itTokens))
def site = t.readPrivate(new File(basedir, 'keys/site.key.pem'))
long now = System.currentTimeMillis().intdiv(1000)
def target = new File(basedir, 'target')
target.mkdirs()
new File(target, 'good-urls.txt').text = "https://downloads.example.com/apps/App.pkg?token=${t.mint(site, now + 600)}\n"
new File(target, 'bad-urls.txt').text = "https://downloads.example.com/apps/App.pkg?token=${t.tamper(t.mint(site, now + 600))}\n"
return true
