package dev.securedcontent.jwt.gateway;

/** {@code --listen HOST:PORT} ({@code [::1]:8080} for IPv6; {@code :8080} for every address). */
record Listen(String host, int port) {
    static Listen parse(String value) {
        return parse("--listen", value);
    }

    /** The value of {@code option}; {@link BadInput} naming it when it is no address. */
    static Listen parse(String option, String value) {
        int colon = value.lastIndexOf(':');
        String host = colon < 0 ? "" : value.substring(0, colon);
        String port = value.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int n = Integer.parseInt(port);
            if (colon >= 0 && n >= 0 && n <= 65535 && !host.contains("[")) {
                return new Listen(host.isEmpty() || host.equals("*") ? null : host, n);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadInput(option + " " + value + ": expected HOST:PORT, e.g. 127.0.0.1:8080, [::1]:8080 or :8080 (every address)");
    }

    @Override
    public String toString() {
        return (host == null ? "*" : host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
