package io.agentmonitor.gateway.security;

import jakarta.enterprise.context.RequestScoped;

import io.agentmonitor.gateway.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;

/** The current request's {@link Caller}, resolved at most once per request. */
@RequestScoped
public class CallerContext {

    private final SecurityIdentity identity;
    private final ScopeResolver resolver;
    private Caller caller;

    CallerContext(SecurityIdentity identity, ScopeResolver resolver) {
        this.identity = identity;
        this.resolver = resolver;
    }

    public Caller current() {
        if (caller == null) {
            caller = resolver.resolve(identity);
        }
        return caller;
    }

    /** The caller, who must hold the view capability and at least one campaign. */
    public Caller viewer() {
        Caller current = current();
        if (!current.can(Capability.VIEW)) {
            throw ProblemException.forbidden("Viewing the agent monitor needs the view role.");
        }
        if (current.scope().isEmpty()) {
            throw new ProblemException(403, "no-campaign-scope", "No campaign in scope",
                    "None of your roles or groups is mapped to a campaign; ask an administrator to grant one.");
        }
        return current;
    }
}
