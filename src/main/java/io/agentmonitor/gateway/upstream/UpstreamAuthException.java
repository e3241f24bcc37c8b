package io.agentmonitor.gateway.upstream;

/** The upstream refused the gateway's own credentials (HTTP 401/403 or an invalid-token error). */
public class UpstreamAuthException extends UpstreamException {

    public UpstreamAuthException(String text) {
        super("upstream refused the gateway's credentials: " + text);
    }
}
