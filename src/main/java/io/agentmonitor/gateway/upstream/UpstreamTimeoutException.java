package io.agentmonitor.gateway.upstream;

/** The upstream did not answer within the configured time. */
public class UpstreamTimeoutException extends UpstreamException {

    public UpstreamTimeoutException() {
        super("upstream did not answer in time");
    }
}
