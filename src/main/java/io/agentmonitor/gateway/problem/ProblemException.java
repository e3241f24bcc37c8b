package io.agentmonitor.gateway.problem;

import java.time.Duration;
import java.util.List;

/**
 * An error the gateway answers on purpose, with a problem type slug, status and detail that the
 * caller may read. Never put upstream secrets or other campaigns' data in the detail.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    private final Integer upstreamCode;
    private final Duration retryAfter;
    private final List<Problem.InvalidParam> errors;

    public ProblemException(int status, String slug, String title, String detail) {
        this(status, slug, title, detail, null, null);
    }

    public ProblemException(int status, String slug, String title, String detail, Integer upstreamCode,
            Duration retryAfter) {
        this(status, slug, title, detail, upstreamCode, retryAfter, null);
    }

    private ProblemException(int status, String slug, String title, String detail, Integer upstreamCode,
            Duration retryAfter, List<Problem.InvalidParam> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.upstreamCode = upstreamCode;
        this.retryAfter = retryAfter;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "forbidden", "Forbidden", detail);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "invalid-request", "Invalid request", detail);
    }

    /** A 400 for one invalid parameter, named in {@code errors} as a validation failure names it. */
    public static ProblemException invalid(String parameter, String reason) {
        return new ProblemException(400, "invalid-request", "Invalid request", parameter + " " + reason + ".", null,
                null, List.of(new Problem.InvalidParam(parameter, reason)));
    }

    /** A 400 for several invalid parameters, each named in {@code errors}. */
    public static ProblemException invalid(String detail, List<Problem.InvalidParam> errors) {
        return new ProblemException(400, "invalid-request", "Invalid request", detail, null, null, errors);
    }

    /** The invalid parameters of a 400 (empty otherwise). */
    public List<Problem.InvalidParam> errors() {
        return errors;
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public Integer upstreamCode() {
        return upstreamCode;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
