package com.example.paubox.intake;

/**
 * A webhook request refused in the intake route, with the {@link RejectionReason} that gives its
 * HTTP status, code and reason text: fixed text, never a piece of the request, so that it is safe
 * to return and to log.
 */
public class WebhookRejectedException extends RuntimeException {

    private final RejectionReason reason;

    private WebhookRejectedException(RejectionReason reason) {
        super(reason.text(), null, false, false);
        this.reason = reason;
    }

    public static WebhookRejectedException unauthorized() {
        return new WebhookRejectedException(RejectionReason.BAD_TOKEN);
    }

    /** A body that is no Paubox event; {@code reason} must be one of the 400 reasons. */
    public static WebhookRejectedException badRequest(RejectionReason reason) {
        if (reason.status() != 400) {
            throw new IllegalArgumentException(reason + " is not a 400 reason");
        }
        return new WebhookRejectedException(reason);
    }

    public int getStatus() {
        return reason.status();
    }

    public String getReason() {
        return reason.text();
    }

    public RejectionReason getRejection() {
        return reason;
    }
}
