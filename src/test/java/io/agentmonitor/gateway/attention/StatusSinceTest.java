package io.agentmonitor.gateway.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.agentmonitor.gateway.upstream.Agent;
import io.agentmonitor.gateway.upstream.AgentMonitorSnapshot;

/** When each agent's status began, as carried from one answer of a view to the next. */
class StatusSinceTest {

    private static final Instant T0 = Instant.parse("2026-12-07T09:00:00.400Z");

    @Test
    void theStartIsTheFetchTimeLessTheTimeInStatusInWholeSeconds() {
        Agent agent = stamped(answer(agent("1", "PAUSED", 125L)), T0, null).agents().get(0);
        assertEquals(Instant.parse("2026-12-07T08:57:55Z"), agent.statusSince());
    }

    @Test
    void aStatusThatLastsKeepsItsStartAcrossRefreshesThatDriftBySeconds() {
        AgentMonitorSnapshot first = stamped(answer(agent("1", "PAUSED", 125L)), T0, null);
        // Two seconds later the upstream says 126 s (its clock, rounding): the same episode.
        AgentMonitorSnapshot second = stamped(answer(agent("1", "PAUSED", 126L)), T0.plusSeconds(2), first);
        AgentMonitorSnapshot third = stamped(answer(agent("1", "PAUSED", 131L)), T0.plusSeconds(4).plusMillis(900),
                second);
        assertEquals(first.agents().get(0).statusSince(), second.agents().get(0).statusSince());
        assertEquals(first.agents().get(0).statusSince(), third.agents().get(0).statusSince());
    }

    @Test
    void aNewStatusOrANewEpisodeOfTheSameStatusCountsFromItsOwnStart() {
        AgentMonitorSnapshot first = stamped(answer(agent("1", "PAUSED", 125L), agent("2", "PAUSED", 300L)), T0, null);
        AgentMonitorSnapshot second = stamped(answer(agent("1", "READY", 1L), agent("2", "PAUSED", 2L)),
                T0.plusSeconds(2), first);
        assertEquals(Instant.parse("2026-12-07T09:00:01Z"), second.agents().get(0).statusSince());
        assertEquals(Instant.parse("2026-12-07T09:00:00Z"), second.agents().get(1).statusSince());
    }

    @Test
    void withoutTimeInStatusTheUpstreamsStateChangeCountsAndNothingIsInvented() {
        Instant changed = Instant.parse("2026-12-07T08:50:00Z");
        Agent fromStateChange = agent("1", "PAUSED", null).withStatusSince(changed);
        AgentMonitorSnapshot stamped = stamped(answer(fromStateChange, agent("2", "READY", null)), T0, null);
        assertEquals(changed, stamped.agents().get(0).statusSince());
        assertNull(stamped.agents().get(1).statusSince());
    }

    static Agent agent(String userId, String status, Long statusTimeSec) {
        return new Agent(userId, "Agent " + userId, "111", null, null, null, null, null, null, null, null, null, null,
                null, null, status, null, statusTimeSec, null, null, null, null, null);
    }

    static AgentMonitorSnapshot answer(Agent... agents) {
        return AgentMonitorSnapshot.ofAgents(List.of(agents), null, null);
    }

    private static AgentMonitorSnapshot stamped(AgentMonitorSnapshot fresh, Instant at, AgentMonitorSnapshot previous) {
        return StatusSince.stamp(fresh, at, previous);
    }
}
