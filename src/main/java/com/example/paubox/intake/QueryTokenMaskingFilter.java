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
 * {@code token=***} for the query string (and the same for any parameter named like a token, in
 * any case); the real query string is still what {@link WebhookRequestFilter} authenticates with.
 * Applied to the asynchronous dispatch as well, which carries the request again.
 */
public class QueryTokenMaskingFilter extends OncePerRequestFilter {

    /**
     * Any parameter whose name holds "token" in any case ({@code token}, {@code TOKEN},
     * {@code access_token}): wider than what authenticates (only {@code token}), so that a
     * secret sent under a wrong name is not printed either.
     */
    private static final Pattern TOKEN = Pattern.compile("(^|&)([^&=]*token[^&=]*)=[^&]*", Pattern.CASE_INSENSITIVE);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        if (query == null || !TOKEN.matcher(query).find()) {
            chain.doFilter(request, response);
            return;
        }
        String masked = TOKEN.matcher(query).replaceAll("$1$2=***");
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
