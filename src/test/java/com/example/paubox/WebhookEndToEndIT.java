package com.example.paubox;

/** The default routing table end to end on the default embedded H2 database. */
class WebhookEndToEndIT extends EndToEndScenarios {
}
