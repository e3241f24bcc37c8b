package io.agentmonitor.gateway.audit;

/**
 * Where a logout request came from: the client's address (after the HTTP layer's forwarding
 * rules), its {@code User-Agent} and the request id it sent in {@code X-Request-Id} or the one the
 * gateway made up.
 */
public record RequestOrigin(String clientAddress, String userAgent, String requestId) {
}
