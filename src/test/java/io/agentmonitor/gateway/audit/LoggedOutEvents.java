package io.agentmonitor.gateway.audit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Records the {@link AgentLoggedOut} events, as the snapshot cache would observe them. */
@ApplicationScoped
public class LoggedOutEvents {

    private final List<AgentLoggedOut> seen = new CopyOnWriteArrayList<>();

    void on(@Observes AgentLoggedOut event) {
        seen.add(event);
    }

    public List<AgentLoggedOut> seen() {
        return seen;
    }
}
