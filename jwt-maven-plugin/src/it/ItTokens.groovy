// Jamf-format content tokens made with nothing but the JDK, for the invoker projects: an
// independent implementation, so the plugin is tested against tokens it did not make itself.
// evaluate(new File(itTokens)) returns a map of closures.
import java.security.KeyFactory
import java.security.PrivateKey
import java.security.PublicKey
import java.security.Signature
import java.security.spec.PKCS8EncodedKeySpec
import java.security.spec.X509EncodedKeySpec

def b64 = { byte[] b -> Base64.urlEncoder.withoutPadding().encodeToString(b) }
def pemBody = { File f -> Base64.mimeDecoder.decode(f.text.replaceAll(/-----[A-Z ]+-----/, '').replaceAll(/\s/, '')) }

def readPrivate = { File f -> KeyFactory.getInstance('RSA').generatePrivate(new PKCS8EncodedKeySpec(pemBody(f))) }
def readPublic = { File f -> KeyFactory.getInstance('RSA').generatePublic(new X509EncodedKeySpec(pemBody(f))) }

def mint = { PrivateKey key, long exp ->
    def signingInput = b64('{"alg":"RS256"}'.bytes) + '.' + b64("{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":${exp}}".toString().bytes)
    def s = Signature.getInstance('SHA256withRSA')
    s.initSign(key)
    s.update(signingInput.bytes)
    signingInput + '.' + b64(s.sign())
}

// One character in the middle of the signature changes, so its bytes surely differ.
def tamper = { String token ->
    int at = token.lastIndexOf('.') + 1 + (token.length() - token.lastIndexOf('.') - 1).intdiv(2)
    token.substring(0, at) + (token.charAt(at) == 'A' as char ? 'B' : 'A') + token.substring(at + 1)
}

// What a protecting web server decides: 'ok', 'missing' (401) or 'refused' (403).
def check = { PublicKey key, String token, long nowSeconds ->
    if (!token) return 'missing'
    def parts = token.split('\\.', -1)
    if (parts.length != 3) return 'refused'
    try {
        def header = new String(Base64.urlDecoder.decode(parts[0]), 'UTF-8')
        if (header != '{"alg":"RS256"}') return 'refused'
        def s = Signature.getInstance('SHA256withRSA')
        s.initVerify(key)
        s.update((parts[0] + '.' + parts[1]).bytes)
        if (!s.verify(Base64.urlDecoder.decode(parts[2]))) return 'refused'
        def payload = new String(Base64.urlDecoder.decode(parts[1]), 'UTF-8')
        def exp = (payload =~ /"exp":(\d+)/)
        if (!exp.find() || Long.parseLong(exp.group(1)) < nowSeconds) return 'refused'
        return payload.contains('"iss":"JSS"') && payload.contains('"sub":"AppManifest"') ? 'ok' : 'refused'
    } catch (IllegalArgumentException | java.security.GeneralSecurityException e) {
        return 'refused' // not base64url, or a signature of the wrong length
    }
}

def signature = { String token -> token.substring(token.lastIndexOf('.') + 1) }

return [readPrivate: readPrivate, readPublic: readPublic, mint: mint, tamper: tamper, check: check, signature: signature]
