package com.example.paubox.console;

import com.example.paubox.admin.AdminProperties;
import com.example.paubox.system.SecretMatcher;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The console's sign-in, session and CSRF protection (Spring Security), for {@code /console}
 * alone: every other path of the receiver is left as it was (the webhook's and the admin API's
 * own filters guard those). Signing in takes the admin token ({@code ADMIN_TOKEN}), compared in
 * constant time; then the session cookie ({@code server.servlet.session.cookie} in
 * application.yaml: HttpOnly, SameSite=Strict, path /console, Secure over HTTPS) and a CSRF token
 * on every form that changes something. Without an admin token the console is off: 404.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = Type.SERVLET)
class ConsoleSecurity {

    static final String SIGN_IN = "/console/sign-in";

    /** Scripts, styles and images from the receiver's own jar only; no inline script or style. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private static final Logger log = LoggerFactory.getLogger(ConsoleSecurity.class);

    /**
     * Spring Security's filter on the console's paths alone, where its one filter chain applies:
     * a webhook no longer passes through it. It looked up the Spring MVC handler of every request
     * and observed each of its filters, nearly a tenth of the request threads' CPU per webhook in
     * a profile at 1,000 webhooks/s (docs/performance.md).
     */
    @Bean
    static BeanPostProcessor securityFilterOnConsoleOnly() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String name) {
                // Spring Boot's registration of springSecurityFilterChain (SecurityFilterAutoConfiguration).
                if (bean instanceof DelegatingFilterProxyRegistrationBean registration
                        && name.equals("securityFilterChainRegistration")) {
                    registration.setUrlPatterns(List.of("/console", "/console/*"));
                }
                return bean;
            }
        };
    }

    @Bean
    SecurityFilterChain console(HttpSecurity http, AdminProperties admin) throws Exception {
        http.securityMatcher("/console", "/console/**");
        if (!admin.enabled()) {
            http.authorizeHttpRequests(requests -> requests.anyRequest().denyAll())
                    .exceptionHandling(errors -> errors
                            .authenticationEntryPoint((request, response, e) -> response.sendError(HttpServletResponse.SC_NOT_FOUND))
                            .accessDeniedHandler((request, response, e) -> response.sendError(HttpServletResponse.SC_NOT_FOUND)));
            return http.build();
        }
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers(SIGN_IN, "/console/assets/**").permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form
                        .loginPage(SIGN_IN)
                        .usernameParameter("operator")
                        .passwordParameter("token")
                        .defaultSuccessUrl("/console", true)
                        .failureUrl(SIGN_IN + "?failed"))
                .logout(logout -> logout
                        .logoutUrl("/console/sign-out")
                        .logoutSuccessUrl(SIGN_IN + "?signed-out"))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                        .frameOptions(frames -> frames.deny()));
        return http.build();
    }

    /**
     * The admin token as the console's one credential; the operator's name is what they typed
     * (for the audit lines), never checked. A refused sign-in is logged without what was typed.
     */
    @Bean
    AuthenticationProvider consoleSignIn(AdminProperties admin) {
        SecretMatcher tokens = new SecretMatcher(admin.enabled() ? List.of(admin.token()) : List.of());
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication attempt) {
                String presented = attempt.getCredentials() == null ? "" : attempt.getCredentials().toString();
                if (!admin.enabled() || !tokens.matches(presented)) {
                    log.info("Console sign-in refused");
                    throw new BadCredentialsException("wrong token");
                }
                String operator = attempt.getName() == null || attempt.getName().isBlank() ? "operator" : attempt.getName();
                log.info("Console sign-in operator={}", Operators.safe(operator));
                return new UsernamePasswordAuthenticationToken(Operators.safe(operator), null,
                        AuthorityUtils.createAuthorityList("ROLE_OPERATOR"));
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
            }
        };
    }
}
