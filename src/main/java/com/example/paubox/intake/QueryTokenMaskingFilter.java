package com.example.paubox.intake;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Hides the webhook token from whatever prints the query string: Spring's DispatcherServlet logs
 * {@code POST "/webhooks/paubox?token=..."} at DEBUG. The wrapped request answers
 * {@code token=***} for the query string; the parameter itself still reaches the intake route.
 * Applied to the asynchronous dispatch as well, which carries the request again.
 */
public class QueryTokenMaskingFilter extends OncePerRequestFilter {

    private static final Pattern TOKEN = Pattern.compile("(^|&)token=[^&]*");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        if (query == null || !TOKEN.matcher(query).find()) {
            chain.doFilter(request, response);
            return;
        }
        String masked = TOKEN.matcher(query).replaceAll("$1token=***");
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public String getQueryString() {
                return masked;
            }
        }, response);
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }
}
