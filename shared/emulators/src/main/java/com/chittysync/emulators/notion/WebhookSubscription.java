package com.chittysync.emulators.notion;

import java.net.URI;

/**
 * A webhook subscription of the emulated integration.
 *
 * @param verificationToken signs every delivery; sent once in the verification request
 * @param apiVersion the {@code api_version} events are rendered with
 */
public record WebhookSubscription(
    String id, URI url, String verificationToken, String apiVersion) {}
