package io.agentmonitor.gateway.upstream;

/** A campaign or queue of the nested envelope's {@code campaigns}/{@code queues} lists. */
public record NamedRef(String value, String name) {
}
