package io.agentmonitor.gateway.problem;

import java.util.List;

/**
 * An RFC 9457 problem body ({@code application/problem+json}). {@code upstreamCode} is the Convoso
 * error code when the upstream gave one; {@code errors} lists invalid parameters of a 400.
 */
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        Integer upstreamCode,
        List<InvalidParam> errors) {

    /** One rejected input: where it was ({@code query.campaign_id}) and what is wrong with it. */
    public record InvalidParam(String name, String reason) {
    }
}
