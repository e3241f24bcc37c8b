package io.agentmonitor.gateway.monitor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

import io.agentmonitor.gateway.cache.CachedSnapshot;
import io.agentmonitor.gateway.security.CampaignScope;

/**
 * Strong entity tags of scoped views. A view's body is fully determined by the cached answers it was
 * built from (identified by their fetch times), the scope, the filters and the stale flag; only
 * {@code age_seconds} moves with the clock, and it is derived from {@code generated_at}; agents' levels
 * follow from the answers and the thresholds. Hashing
 * those inputs avoids serializing the body to tag it.
 */
final class EntityTags {

    /** One digest per thread: looking SHA-256 up on every request costs more than hashing. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    });

    private EntityTags() {
    }

    /** @param thresholds the thresholds' fingerprint: replicas configured differently give their bodies different tags */
    static String of(List<CachedSnapshot> sources, CampaignScope scope, SnapshotRequest request, boolean stale,
            String thresholds) {
        StringBuilder key = new StringBuilder(128);
        sources.forEach(s -> key.append(s.fetchedAt().getEpochSecond()).append('.')
                .append(s.fetchedAt().getNano()).append(s.upstreamFailing() ? 'f' : 'o').append('|'));
        key.append(scope.all()).append(scope.campaignIds()).append('|')
                .append(request.campaignId()).append(',').append(request.queueId()).append(',')
                .append(request.userId()).append(',').append(request.skills()).append('|').append(stale).append('|')
                .append(thresholds);
        byte[] digest = SHA_256.get().digest(key.toString().getBytes(StandardCharsets.UTF_8));
        return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 27) + '"';
    }
}
