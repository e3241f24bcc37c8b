package io.agentmonitor.gateway.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

import io.agentmonitor.gateway.config.GatewayConfig;
import io.agentmonitor.gateway.problem.Problem;
import io.agentmonitor.gateway.problem.ProblemException;
import io.agentmonitor.gateway.problem.QueryParameters;
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
    private static final QueryParameters LIST_PARAMETERS = QueryParameters.single("actor", "agent", "campaign",
            "outcome", "from", "to", "limit", "cursor");
    private static final QueryParameters EXPORT_PARAMETERS = QueryParameters.single("after_seq");

    private final AuditRepository repository;
    private final ChainVerifier verifier;
    private final AuditExportLines lines;
    private final CallerContext callers;
    private final GatewayConfig.Audit config;

    AuditQueryResource(AuditRepository repository, ChainVerifier verifier, AuditExportLines lines,
            CallerContext callers, GatewayConfig config) {
        this.repository = repository;
        this.verifier = verifier;
        this.lines = lines;
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
    @APIResponse(responseCode = "400", description = "A malformed, unknown or repeated filter, limit or cursor "
            + "(`invalid-request`); `errors` names each.",
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
            @RestQuery String cursor,
            @Context UriInfo uri) {
        LIST_PARAMETERS.check(uri);
        requireAuditor();
        Outcome wanted = outcome == null ? null : Outcome.parse(outcome);
        if (outcome != null && wanted == null) {
            throw ProblemException.invalid("outcome", "must be succeeded, failed, rejected, interrupted or pending");
        }
        int size = pageSize(limit);
        Instant since = instant("from", from);
        Instant until = instant("to", to);
        if (since != null && until != null && !since.isBefore(until)) {
            throw ProblemException.invalid("from", "must be before to");
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
    @Operation(operationId = "verifyLogoutTrail", summary = "Verify the audit trail",
            description = "Recomputes every entry's hash and link, verifies every signed checkpoint (its signature "
                    + "by a trusted key, its place after the one before, that the chain still holds the entry and hash "
                    + "it names, that none is missing by time) and names the first break, if any. `entries_checked` "
                    + "counts entries (an attempt and its outcome are two), the listing one record per attempt.",
            extensions = @Extension(name = "x-required-roles", value = "[\"auditor\"]", parseValue = true))
    @SecurityRequirement(name = "bearer")
    @SecurityRequirement(name = "oidc")
    @APIResponse(responseCode = "200", description = "The verification report (also when the trail is broken).",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChainReport.class)))
    @APIResponse(responseCode = "400", description = "A query parameter was given: this operation takes none "
            + "(`invalid-request`, each named in `errors`).", content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", description = "The caller lacks the audit role (`forbidden`).",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "500", ref = "InternalError")
    @APIResponse(responseCode = "503", description = "The audit store cannot be read (`audit-unavailable`).",
            headers = @Header(name = "Retry-After", ref = "Retry-After"),
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public ChainReport verify(@Context UriInfo uri) {
        QueryParameters.NONE.check(uri);
        requireAuditor();
        return verifier.verify(null);
    }

    @POST
    @Path("verify")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "verifyLogoutTrailAgainstHead", summary = "Verify the audit trail against a checkpoint from the log",
            description = "As `GET`, and the trail must still reach the given checkpoint: an `audit.checkpoint` line "
                    + "taken from the SIEM's copy of the `audit` log. A trail whose newest entries and checkpoints "
                    + "were deleted is reported `truncated`.",
            extensions = @Extension(name = "x-required-roles", value = "[\"auditor\"]", parseValue = true))
    @SecurityRequirement(name = "bearer")
    @SecurityRequirement(name = "oidc")
    @APIResponse(responseCode = "200", description = "The verification report (also when the trail is broken).",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChainReport.class)))
    @APIResponse(responseCode = "400", description = "The body is not a checkpoint (`invalid-request`).",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", description = "The caller lacks the audit role (`forbidden`).",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "500", ref = "InternalError")
    @APIResponse(responseCode = "503", description = "The audit store cannot be read (`audit-unavailable`).",
            headers = @Header(name = "Retry-After", ref = "Retry-After"),
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public ChainReport verifyAgainst(
            @RequestBody(description = "An `audit.checkpoint` line of the `audit` log, as logged.", required = true,
                    content = @Content(mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = CheckpointLine.class)))
            CheckpointLine head, @Context UriInfo uri) {
        QueryParameters.NONE.check(uri);
        requireAuditor();
        if (head == null) {
            throw ProblemException.invalid("body", "must be an audit.checkpoint line of the audit log");
        }
        return verifier.verify(head.toRecord());
    }

    @GET
    @Path("export")
    @Produces(AuditExportLines.MEDIA_TYPE)
    @Operation(operationId = "exportLogoutTrail", summary = "Export the audit trail",
            description = "Every entry and signed checkpoint as JSON lines in chain order, between an `export` line "
                    + "and an `end` line, for `AuditExportVerifier` to check offline with the public key. Read from "
                    + "the store page by page; `after_seq` continues an earlier export (verification needs one that "
                    + "starts at the beginning).",
            extensions = @Extension(name = "x-required-roles", value = "[\"auditor\"]", parseValue = true))
    @SecurityRequirement(name = "bearer")
    @SecurityRequirement(name = "oidc")
    @APIResponse(responseCode = "200", description = "The export, streamed.",
            content = @Content(mediaType = AuditExportLines.MEDIA_TYPE, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = "A malformed `after_seq`, or another query parameter "
            + "(`invalid-request`).",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", description = "The caller lacks the audit role (`forbidden`).",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "500", ref = "InternalError")
    public Response export(
            @Parameter(description = "Only what follows this entry; 0 (the default) exports everything.",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
            @RestQuery("after_seq") String afterSeq, @Context UriInfo uri) {
        EXPORT_PARAMETERS.check(uri);
        requireAuditor();
        long after = 0;
        if (afterSeq != null && !afterSeq.isEmpty()) {
            after = afterSeq.matches("\\d{1,18}") ? Long.parseLong(afterSeq) : -1;
            if (after < 0) {
                throw ProblemException.invalid("after_seq", "must be a whole number, 0 or more");
            }
        }
        return lines.response(after);
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
            throw ProblemException.invalid("limit", "must be a number from 1 to " + config.maxPageSize());
        }
        return size;
    }

    private static String filter(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > FILTER_MAX) {
            throw ProblemException.invalid(name, "must be at most " + FILTER_MAX + " characters");
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
            throw ProblemException.invalid(name, "must be an ISO-8601 date-time with offset, for example 2026-03-01T09:00:00Z");
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
        throw ProblemException.invalid("cursor", "is not one this API handed out");
    }
}
