package dev.securedcontent.jwt.gateway;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;

/** ContentTokenFilter with the keys of the files as they are now (see {@link ReloadingKeys}). */
final class ReloadingFilter implements Filter {
    private final ReloadingKeys keys;

    ReloadingFilter(ReloadingKeys keys) {
        this.keys = keys;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        keys.filter().doFilter(request, response, chain);
    }
}
