/**
 * What one caller may hold or do at once (open streams, live views, logouts per minute), counted for
 * the whole deployment, so that one misbehaving screen or script costs only its own freshness. A
 * request over a limit is answered {@code 429 too-many-requests} with {@code Retry-After} and changes
 * nothing.
 */
package io.agentmonitor.gateway.limits;
