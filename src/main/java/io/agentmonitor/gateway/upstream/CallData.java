package io.agentmonitor.gateway.upstream;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Aggregated call statistics of the selected scope, passed through as the upstream gave them. */
@Schema(name = "CallData", description = "Aggregated call statistics of the view, as the upstream gave them.")
public record CallData(
        @Schema(minimum = "0") Long totalCalls,
        @Schema(minimum = "0") Long answered,
        @Schema(minimum = "0") Long dropped) {
}
