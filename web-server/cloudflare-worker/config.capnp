# The worker outside Cloudflare, under workerd (the open-source runtime Cloudflare runs workers on),
# on a server of your own in front of your content origin. From this directory:
#
#   npm ci                                   # the workerd pinned in package-lock.json
#   cp /path/to/public.pem jamf-public-key.pem   # Jamf Pro's public key (openssl rsa -in jamf.pem -pubout)
#   npx workerd serve config.capnp
#
# Change only the two addresses below. Every path is relative to this file. The key file is read
# when workerd starts: restart it after changing the key (README.md, "Run it outside Cloudflare").
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .contentTokenWorker),
    # The content origin (host:port). Every request the worker lets through goes here, without its
    # token; nothing else does. For an https origin: external = (address = "host:443", https = ()).
    (name = "origin", external = (address = "127.0.0.1:8080", http = ())),
  ],
  # Where the worker listens. Loopback: put the TLS-terminating server devices reach in front of it.
  sockets = [(name = "http", address = "127.0.0.1:8787", http = (), service = "main")],
);

const contentTokenWorker :Workerd.Worker = (
  modules = [
    (name = "content-token-worker.js", esModule = embed "content-token-worker.js"),
    (name = "content-token-rules.js", esModule = embed "content-token-rules.js"),
  ],
  # As wrangler.toml: nodejs_compat is required (the rules use Buffer).
  compatibilityDate = "2025-09-01",
  compatibilityFlags = ["nodejs_compat"],
  bindings = [(name = "JAMF_PUBLIC_KEY", text = embed "jamf-public-key.pem")],
  globalOutbound = "origin",
);
