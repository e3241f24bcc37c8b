package io.agentmonitor.gateway.simulator;

/** The documented Convoso business errors, answered with HTTP 200 as the upstream does. */
enum UpstreamError {
    NO_SUCH_USER(6006, "No such User"),
    NOT_LOGGED_IN(6012, "User is not logged in"),
    NO_SUCH_CAMPAIGN(6026, "Campaign not found"),
    NO_SUCH_QUEUE(6041, "Queue not found");

    final int code;
    final String text;

    UpstreamError(int code, String text) {
        this.code = code;
        this.text = text;
    }
}
