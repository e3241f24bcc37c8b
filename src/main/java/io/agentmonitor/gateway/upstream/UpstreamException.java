package io.agentmonitor.gateway.upstream;

/**
 * Something went wrong calling the Convoso API. Messages never carry the {@code auth_token}: they
 * are built from the upstream's status and error text only.
 */
public abstract class UpstreamException extends RuntimeException {

    protected UpstreamException(String message) {
        super(message, null, false, false);
    }
}
