/**
 * The Agent Monitor Gateway. This package's annotations are the parts of the OpenAPI contract
 * ({@code openapi/openapi.yaml}) that belong to no single resource: info, servers, tags, the
 * security schemes and the error responses every operation shares. The version comes from the
 * build ({@code quarkus.smallrye-openapi.info-version}).
 */
@OpenAPIDefinition(
        info = @Info(title = "Agent Monitor Gateway", version = "from-the-build",
                description = """
                        Scoped, cached and audited gateway in front of the Convoso Agent Monitor API.

                        Every operation needs an OpenID Connect access token of the `agent-monitor` realm, sent \
                        as `Authorization: Bearer <token>`. What a caller may do comes from the token's roles \
                        (`x-required-roles` on each operation lists the default role names, any one of which \
                        suffices; deployments may rename them), and which campaigns they see from the campaign \
                        scope their roles and groups map to (`GET /api/v1/me` shows it).

                        JSON is snake_case and leaves out absent values. Every error is an RFC 9457 \
                        `application/problem+json` body (`Problem`) whose `type` is `/problems/<slug>`.""",
                contact = @Contact(name = "Agent Monitor Gateway maintainers")),
        servers = {
                @Server(url = "http://localhost:8080", description = "A gateway started by deploy/local/run.sh"),
        },
        tags = {
                @Tag(name = "monitor", description = "Scoped agent-monitor snapshots, polled or streamed"),
                @Tag(name = "identity", description = "Who the caller is and what they may do"),
                @Tag(name = "logout", description = "Audited manager logout of an agent"),
                @Tag(name = "audit", description = "The logout audit trail, for auditors"),
        },
        components = @Components(
                securitySchemes = {
                        @SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP,
                                scheme = "bearer", bearerFormat = "JWT",
                                description = "An access token of the agent-monitor realm (audience "
                                        + "agent-monitor-gateway), as issued by the OpenID Connect provider."),
                        @SecurityScheme(securitySchemeName = "oidc", type = SecuritySchemeType.OPENIDCONNECT,
                                openIdConnectUrl = "http://localhost:8180/realms/agent-monitor/.well-known/openid-configuration",
                                description = "The same tokens, obtained from the OpenID Connect provider. The URL "
                                        + "is the local development realm; deployments use the company's Keycloak."),
                },
                headers = {
                        @Header(name = "Retry-After", description = "Seconds to wait before trying again.",
                                schema = @Schema(type = SchemaType.INTEGER, minimum = "1")),
                },
                responses = {
                        @APIResponse(name = "Unauthorized", description = "Missing, invalid or expired token "
                                + "(`unauthorized`); the detail and the challenge say which of the three, and "
                                + "nothing else about the token.",
                                headers = @Header(name = "WWW-Authenticate", description = "RFC 6750: `Bearer` "
                                        + "when no token was sent, else `Bearer error=\"invalid_token\", "
                                        + "error_description=\"The access token expired\"` (a token whose "
                                        + "signature verified) or `... error_description=\"The access token is "
                                        + "not valid\"`. Get a fresh token on `expired`.",
                                        schema = @Schema(type = SchemaType.STRING)),
                                content = @Content(mediaType = "application/problem+json",
                                        schema = @Schema(implementation = Problem.class),
                                        examples = @ExampleObject(name = "unauthorized", value = """
                                                {"type":"/problems/unauthorized","title":"Unauthorized","status":401,\
                                                "detail":"The access token expired.","instance":"/api/v1/me"}"""))),
                        @APIResponse(name = "InternalError", description = "Unexpected failure (`internal-error`); "
                                + "the detail quotes an error id that the gateway's log carries too.",
                                content = @Content(mediaType = "application/problem+json",
                                        schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = "BadGateway", description = "The upstream answered an error "
                                + "(`upstream-error`, with `upstream_code`), something unreadable "
                                + "(`upstream-malformed`), or refused the gateway's credentials "
                                + "(`upstream-credentials`).",
                                content = @Content(mediaType = "application/problem+json",
                                        schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = "UpstreamUnavailable", description = "The upstream is unreachable, "
                                + "failing or rate limiting (`upstream-unavailable`).",
                                headers = @Header(name = "Retry-After", ref = "Retry-After"),
                                content = @Content(mediaType = "application/problem+json",
                                        schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = "UpstreamTimeout", description = "No upstream answer within the "
                                + "gateway's upstream timeout (`upstream-timeout`).",
                                headers = @Header(name = "Retry-After", ref = "Retry-After"),
                                content = @Content(mediaType = "application/problem+json",
                                        schema = @Schema(implementation = Problem.class))),
                }))
package io.agentmonitor.gateway;

import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.info.Contact;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.servers.Server;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.agentmonitor.gateway.problem.Problem;
