/**
 * Time in status and the attention it calls for: when each agent's status began, kept across
 * refreshes ({@link io.agentmonitor.gateway.attention.StatusSince}); the configured thresholds per
 * status code and the level they give ({@link io.agentmonitor.gateway.attention.StatusThresholds}),
 * published at {@code GET /api/v1/thresholds} so that every client colours agents the same way.
 */
package io.agentmonitor.gateway.attention;
