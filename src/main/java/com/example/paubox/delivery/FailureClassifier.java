package com.example.paubox.delivery;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/**
 * Decides whether a failed delivery is worth retrying. Transient: connection refused or reset,
 * timeouts, HTTP 5xx and 429, SMTP 4xx. Permanent: HTTP 4xx other than 429, SMTP 5xx, SQL
 * constraint violations. The description names the kind of failure only, never its message,
 * which can quote the payload.
 */
@Component
public class FailureClassifier {

    /**
     * @param permanent retrying cannot help
     * @param retryAfter the least wait the peer asked for (HTTP {@code Retry-After}), or null
     * @param description what went wrong, without PHI: e.g. {@code HTTP 503}, {@code SMTP 550}
     */
    public record Failure(boolean permanent, Duration retryAfter, String description) {
    }

    public Failure classify(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpOperationFailedException http) {
                return http(http.getStatusCode(), http.getResponseHeaders());
            }
            if (cause instanceof SMTPSendFailedException smtp) {
                return smtp(smtp.getReturnCode());
            }
            if (cause instanceof SMTPAddressFailedException smtp) {
                return smtp(smtp.getReturnCode());
            }
            if (cause instanceof SendFailedException && cause.getCause() == null) {
                return new Failure(true, null, "SMTP invalid address");
            }
            if (cause instanceof DataIntegrityViolationException
                    || cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                return new Failure(true, null, "SQL constraint violation");
            }
        }
        String kind = error == null ? "unknown" : error.getClass().getName();
        if (error instanceof MessagingException && error.getCause() != null) {
            kind = kind + " (" + error.getCause().getClass().getName() + ")";
        }
        return new Failure(false, null, kind);
    }

    private static Failure http(int status, Map<String, String> headers) {
        String description = "HTTP " + status;
        if (status == 429) {
            return new Failure(false, retryAfter(headers), description);
        }
        return new Failure(status >= 400 && status < 500, null, description);
    }

    private static Failure smtp(int code) {
        return new Failure(code >= 500, null, "SMTP " + code);
    }

    private static Duration retryAfter(Map<String, String> headers) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if ("Retry-After".equalsIgnoreCase(header.getKey()) && header.getValue() != null) {
                try {
                    return Duration.ofSeconds(Long.parseLong(header.getValue().trim()));
                } catch (NumberFormatException httpDate) {
                    return null;
                }
            }
        }
        return null;
    }
}
