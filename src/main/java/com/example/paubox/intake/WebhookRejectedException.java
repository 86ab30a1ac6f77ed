package com.example.paubox.intake;

/**
 * A webhook request refused at the intake, with the HTTP status it gets. The reason is fixed text
 * written here, never a piece of the request, so that it is safe to return and to log.
 */
public class WebhookRejectedException extends RuntimeException {

    private final int status;

    private WebhookRejectedException(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    public static WebhookRejectedException unauthorized() {
        return new WebhookRejectedException(401, "");
    }

    public static WebhookRejectedException badRequest(String reason) {
        return new WebhookRejectedException(400, reason);
    }

    public int getStatus() {
        return status;
    }

    public String getReason() {
        return getMessage();
    }
}
