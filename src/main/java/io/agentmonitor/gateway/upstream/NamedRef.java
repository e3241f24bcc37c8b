package io.agentmonitor.gateway.upstream;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A campaign or queue of the nested envelope's {@code campaigns}/{@code queues} lists. */
@Schema(name = "NamedRef", description = "A campaign or queue: its ID and name.")
public record NamedRef(
        @Schema(description = "The ID.") String value,
        @Schema(description = "The display name.") String name) {
}
