package io.agentmonitor.gateway.upstream;

/** The upstream answered something that is not a readable Agent Monitor body. */
public class UpstreamMalformedException extends UpstreamException {

    public UpstreamMalformedException(String message) {
        super(message);
    }
}
