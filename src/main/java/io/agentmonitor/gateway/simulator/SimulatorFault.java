package io.agentmonitor.gateway.simulator;

/**
 * A failure the simulator plays instead of (or on top of) a normal answer, so tests and benchmarks
 * can see how the gateway copes with a misbehaving upstream.
 */
public enum SimulatorFault {

    /** Normal answers. */
    NONE,

    /**
     * The normal answer, but only after {@code gateway.simulator.slow-delay} (30 s by default), longer
     * than any sane gateway timeout. The wait is a timer, not a blocked thread.
     */
    SLOW,

    /** HTTP 500 with an HTML error page, as a proxy in front of the upstream would send. */
    SERVER_ERROR,

    /** HTTP 200 with a JSON body cut in half. */
    MALFORMED,

    /** HTTP 200 with {@code {"success":false,"error":"Internal failure"}}. */
    FAILURE,

    /** HTTP 429 with {@code Retry-After: 1}, whatever the real request rate. */
    RATE_LIMITED
}
