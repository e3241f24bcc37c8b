/**
 * What the replicas of the gateway share through Redis so that they act as one: the snapshot tier
 * behind each replica's own cache, one refresh lease per view, the upstream budget, and notices of
 * changed views and logged-out agents. Every piece falls back to the replica's own means while Redis
 * is unreachable, and the whole package is idle when {@code gateway.redis.enabled} is off.
 */
package io.agentmonitor.gateway.cluster;
