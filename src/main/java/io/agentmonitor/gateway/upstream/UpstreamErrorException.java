package io.agentmonitor.gateway.upstream;

/**
 * The upstream answered {@code success:false} (with HTTP 200 or an error status), in either of its
 * error shapes. {@code code} is the upstream's numeric code when it sent one.
 */
public class UpstreamErrorException extends UpstreamException {

    public static final int INVALID_USER = 6006;
    public static final int USER_NOT_LOGGED_IN = 6012;
    public static final int INVALID_CAMPAIGN = 6026;
    public static final int INVALID_QUEUE = 6041;

    private final Integer code;
    private final String text;

    public UpstreamErrorException(Integer code, String text) {
        super("upstream error " + (code == null ? "" : code + " ") + text);
        this.code = code;
        this.text = text;
    }

    public Integer code() {
        return code;
    }

    public String text() {
        return text;
    }

    public boolean hasCode(int expected) {
        return code != null && code == expected;
    }
}
