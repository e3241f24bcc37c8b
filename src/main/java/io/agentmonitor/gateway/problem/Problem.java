package io.agentmonitor.gateway.problem;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An RFC 9457 problem body ({@code application/problem+json}). {@code upstreamCode} is the Convoso
 * error code when the upstream gave one; {@code errors} lists invalid parameters of a 400.
 */
@Schema(name = "Problem", description = "An RFC 9457 problem (`application/problem+json`).",
        requiredProperties = { "type", "title", "status" })
public record Problem(
        @Schema(description = "`/problems/<slug>`, for example `/problems/forbidden`; the slug is stable.",
                examples = "/problems/campaign-not-found") String type,
        @Schema(description = "Short human-readable summary of the type.") String title,
        @Schema(description = "The HTTP status.", minimum = "400", maximum = "599") int status,
        @Schema(description = "What happened on this request; never holds another campaign's data.") String detail,
        @Schema(description = "The request path.") String instance,
        @Schema(description = "The Convoso error code, when the upstream gave one (for example 6026).")
        Integer upstreamCode,
        @Schema(description = "The invalid parameters of a 400.") List<InvalidParam> errors) {

    /** One rejected input: where it was ({@code query.campaign_id}) and what is wrong with it. */
    @Schema(name = "InvalidParam", requiredProperties = { "name", "reason" })
    public record InvalidParam(
            @Schema(description = "The parameter, for example `campaign_id` or `reason`.") String name,
            @Schema(description = "What is wrong with it.") String reason) {
    }
}
