package io.agentmonitor.gateway.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

import io.agentmonitor.gateway.config.GatewayConfig;
import io.agentmonitor.gateway.problem.Problem;
import io.agentmonitor.gateway.problem.ProblemException;
import io.agentmonitor.gateway.security.CallerContext;
import io.agentmonitor.gateway.security.Capability;
import io.quarkus.security.Authenticated;

/** The logout audit trail for auditors: filtered, newest first, cursor-paged; and its verification. */
@Path("/api/v1/audit/logouts")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "audit")
public class AuditQueryResource {

    private static final int FILTER_MAX = 255;

    private final AuditRepository repository;
    private final ChainVerifier verifier;
    private final CallerContext callers;
    private final GatewayConfig.Audit config;

    AuditQueryResource(AuditRepository repository, ChainVerifier verifier, CallerContext callers,
            GatewayConfig config) {
        this.repository = repository;
        this.verifier = verifier;
        this.callers = callers;
        this.config = config.audit();
    }

    @GET
    @Operation(operationId = "listLogouts", summary = "The logout audit trail",
            description = "Logout attempts with their outcome, newest first, filtered and cursor-paged: follow "
                    + "`next_cursor` until it is absent.",
            extensions = @Extension(name = "x-required-roles", value = "[\"auditor\"]", parseValue = true))
    @SecurityRequirement(name = "bearer")
    @SecurityRequirement(name = "oidc")
    @APIResponse(responseCode = "200", description = "One page of the trail.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LogoutPage.class),
                    examples = @ExampleObject(name = "one-logout", summary = "Captured from the simulator",
                            externalValue = "examples/audit-logouts.json")))
    @APIResponse(responseCode = "400", description = "A malformed filter, limit or cursor (`invalid-request`).",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", description = "The caller lacks the audit role (`forbidden`).",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "not-an-auditor", externalValue = "examples/problem-not-auditor.json")))
    @APIResponse(responseCode = "500", ref = "InternalError")
    @APIResponse(responseCode = "503", description = "The audit store cannot be read (`audit-unavailable`).",
            headers = @Header(name = "Retry-After", ref = "Retry-After"),
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public LogoutPage logouts(
            @Parameter(description = "Only attempts by this caller (username or subject).", schema = @Schema(type = SchemaType.STRING, maxLength = 255))
            @RestQuery String actor,
            @Parameter(description = "Only attempts on this agent (user ID).", schema = @Schema(type = SchemaType.STRING, maxLength = 255))
            @RestQuery String agent,
            @Parameter(description = "Only attempts on agents of this campaign.", schema = @Schema(type = SchemaType.STRING, maxLength = 255))
            @RestQuery String campaign,
            @Parameter(description = "Only attempts with this outcome.", schema = @Schema(ref = "Outcome"))
            @RestQuery String outcome,
            @Parameter(description = "Only attempts requested at or after this instant (ISO-8601 with offset).", schema = @Schema(type = SchemaType.STRING, format = "date-time"))
            @RestQuery String from,
            @Parameter(description = "Only attempts requested before this instant (ISO-8601 with offset).", schema = @Schema(type = SchemaType.STRING, format = "date-time"))
            @RestQuery String to,
            @Parameter(description = "Records per page, 1 to `gateway.audit.max-page-size` (default 200); default "
                    + "`gateway.audit.page-size` (50).", schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                            maximum = "200"))
            @RestQuery String limit,
            @Parameter(description = "The `next_cursor` of the previous page.", schema = @Schema(type = SchemaType.STRING, maxLength = 64))
            @RestQuery String cursor) {
        requireAuditor();
        Outcome wanted = outcome == null ? null : Outcome.parse(outcome);
        if (outcome != null && wanted == null) {
            throw ProblemException.badRequest("outcome must be succeeded, failed, rejected or pending.");
        }
        int size = pageSize(limit);
        Instant since = instant("from", from);
        Instant until = instant("to", to);
        if (since != null && until != null && !since.isBefore(until)) {
            throw ProblemException.badRequest("from must be before to.");
        }
        LogoutQuery query = new LogoutQuery(filter("actor", actor), filter("agent", agent),
                filter("campaign", campaign), wanted, since, until, decodeCursor(cursor));
        List<LogoutRecord> found = repository.find(query, size + 1);
        if (found.size() <= size) {
            return new LogoutPage(found, null);
        }
        List<LogoutRecord> page = found.subList(0, size);
        return new LogoutPage(List.copyOf(page), encodeCursor(page.get(size - 1).seq()));
    }

    @GET
    @Path("verify")
    @Operation(operationId = "verifyLogoutTrail", summary = "Verify the audit hash chain",
            description = "Recomputes every entry's hash and the chain head and names the first broken link, if any.",
            extensions = @Extension(name = "x-required-roles", value = "[\"auditor\"]", parseValue = true))
    @SecurityRequirement(name = "bearer")
    @SecurityRequirement(name = "oidc")
    @APIResponse(responseCode = "200", description = "The verification report (also when the chain is broken).",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChainReport.class)))
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", description = "The caller lacks the audit role (`forbidden`).",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "500", ref = "InternalError")
    @APIResponse(responseCode = "503", description = "The audit store cannot be read (`audit-unavailable`).",
            headers = @Header(name = "Retry-After", ref = "Retry-After"),
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public ChainReport verify() {
        requireAuditor();
        return verifier.verify();
    }

    private void requireAuditor() {
        if (!callers.current().can(Capability.AUDIT)) {
            throw ProblemException.forbidden("Reading the audit trail needs the auditor role.");
        }
    }

    private int pageSize(String limit) {
        if (limit == null || limit.isEmpty()) {
            return config.pageSize();
        }
        int size = limit.matches("\\d{1,6}") ? Integer.parseInt(limit) : -1;
        if (size < 1 || size > config.maxPageSize()) {
            throw ProblemException.badRequest("limit must be a number from 1 to " + config.maxPageSize() + ".");
        }
        return size;
    }

    private static String filter(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > FILTER_MAX) {
            throw ProblemException.badRequest(name + " must be at most " + FILTER_MAX + " characters.");
        }
        return value;
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(name + " must be an ISO-8601 date-time with offset, "
                    + "for example 2026-03-01T09:00:00Z.");
        }
    }

    static String encodeCursor(long seq) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("s" + seq).getBytes(StandardCharsets.UTF_8));
    }

    private static Long decodeCursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (decoded.startsWith("s")) {
                long seq = Long.parseLong(decoded.substring(1));
                if (seq > 0) {
                    return seq;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the problem below
        }
        throw ProblemException.badRequest("cursor is not one this API handed out.");
    }
}
