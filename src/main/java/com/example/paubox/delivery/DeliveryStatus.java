package com.example.paubox.delivery;

/** The states of a row in {@code deliveries}. */
public enum DeliveryStatus {
    /** Being delivered, or to be tried again. */
    PENDING,
    /** The sink has the event. */
    DELIVERED,
    /** The sink is disabled: the event was not sent to it. */
    SKIPPED,
    /** The last attempt failed. */
    FAILED
}
