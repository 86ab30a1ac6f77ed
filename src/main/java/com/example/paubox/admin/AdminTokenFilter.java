package com.example.paubox.admin;

import com.example.paubox.system.SecretMatcher;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards {@code /admin} and {@code /actuator} (all but health): 404 while no ADMIN_TOKEN is set
 * (they are off), 401 without the right {@code Authorization: Bearer} token, compared in
 * constant time and never logged.
 */
class AdminTokenFilter extends OncePerRequestFilter {

    private final SecretMatcher token;

    AdminTokenFilter(AdminProperties properties) {
        this.token = new SecretMatcher(properties.enabled() ? List.of(properties.token()) : List.of());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getRequestURI().startsWith("/actuator/health")) {
            chain.doFilter(request, response);
            return;
        }
        if (token.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        if (!token.matches(SecretMatcher.bearerToken(request.getHeader("Authorization")))) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        chain.doFilter(request, response);
    }
}
