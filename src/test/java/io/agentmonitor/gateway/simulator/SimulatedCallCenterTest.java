package io.agentmonitor.gateway.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class SimulatedCallCenterTest {

    private static final List<String> CAMPAIGNS = List.of("111", "112", "113", "222", "223", "333");
    private static final long OPENING = 1_767_261_600_000L;

    private final AtomicLong clock = new AtomicLong(OPENING);

    @Test
    void sameSeedBuildsTheSameCallCenter() {
        SimulatedCallCenter first = new SimulatedCallCenter(42, 300, CAMPAIGNS, clock::get);
        SimulatedCallCenter second = new SimulatedCallCenter(42, 300, CAMPAIGNS, clock::get);

        assertEquals(first.campaigns(), second.campaigns());
        assertEquals(first.agents(), second.agents());
        clock.addAndGet(Duration.ofMinutes(20).toMillis());
        assertEquals(first.agents(), second.agents(), "the same seed also lives the same day");
    }

    @Test
    void anotherSeedBuildsAnotherCallCenter() {
        SimulatedCallCenter first = new SimulatedCallCenter(42, 300, CAMPAIGNS, clock::get);
        SimulatedCallCenter second = new SimulatedCallCenter(7, 300, CAMPAIGNS, clock::get);

        assertNotEquals(first.agents(), second.agents());
    }

    @Test
    void everyCampaignHasTwoOrThreeQueuesNumberedAfterIt() {
        SimulatedCallCenter center = new SimulatedCallCenter(42, 300, CAMPAIGNS, clock::get);

        for (SimulatedCampaign campaign : center.campaigns()) {
            assertTrue(campaign.queues().size() == 2 || campaign.queues().size() == 3, campaign.toString());
            campaign.queues().forEach(queue -> assertTrue(queue.id().matches(campaign.id() + "\\d")));
        }
        assertEquals(CAMPAIGNS, center.campaigns().stream().map(SimulatedCampaign::id).toList());
    }

    @Test
    void openingStateLooksLikeABusyCallCenter() {
        List<SimulatedAgent> agents = new SimulatedCallCenter(42, 300, CAMPAIGNS, clock::get).agents();

        Set<String> statuses = agents.stream().map(SimulatedAgent::status).collect(Collectors.toSet());
        assertTrue(statuses.containsAll(Set.of("READY", "INCALL", "WRAP", "PAUSED", "LOGGED_OUT")), statuses::toString);
        assertEquals(Set.of("phone", "chat", "email"),
                agents.stream().map(SimulatedAgent::channelType).collect(Collectors.toSet()));
        assertEquals(Set.of("softphone", "VoIP", "desk phone"),
                agents.stream().map(SimulatedAgent::connectionType).collect(Collectors.toSet()));
        agents.forEach(SimulatedCallCenterTest::assertSentinelsMatchStatus);
    }

    @Test
    void agentsWorkThroughCallsAsTimePasses() {
        SimulatedCallCenter center = new SimulatedCallCenter(42, 300, CAMPAIGNS, clock::get);
        SearchResult opening = center.search(SearchFilter.of(null, null, null, null));
        long callsAtOpening = opening.agents().stream().mapToLong(SimulatedAgent::callsToday).sum();

        clock.addAndGet(Duration.ofMinutes(30).toMillis());
        SearchResult later = center.search(SearchFilter.of(null, null, null, null));

        assertTrue(later.answered() > opening.answered(), "queues answered calls");
        assertTrue(later.dropped() >= opening.dropped());
        long answeredSince = later.answered() - opening.answered();
        long callsLater = later.agents().stream().mapToLong(SimulatedAgent::callsToday).sum();
        assertEquals(callsAtOpening + answeredSince, callsLater, "each answered call is some agent's call");
        later.agents().forEach(agent -> {
            assertTrue(agent.totalCalls() >= agent.callsToday());
            assertSentinelsMatchStatus(agent);
        });
    }

    @Test
    void aLongIdleSpellDoesNotStallTheNextRead() {
        SimulatedCallCenter center = new SimulatedCallCenter(42, 300, CAMPAIGNS, clock::get);
        clock.addAndGet(Duration.ofDays(3).toMillis());

        long started = System.nanoTime();
        List<SimulatedAgent> agents = center.agents();

        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 2000);
        assertEquals(300, agents.size());
    }

    private static void assertSentinelsMatchStatus(SimulatedAgent agent) {
        boolean onCall = Set.of("RINGING", "INCALL", "TRANSFER", "WRAP").contains(agent.status());
        if (onCall) {
            assertNotEquals("0", agent.leadId(), agent::toString);
            assertTrue(Set.of("inbound", "outbound").contains(agent.callType()), agent::toString);
        } else {
            assertEquals("0", agent.leadId(), agent::toString);
            assertEquals("-", agent.callType(), agent::toString);
        }
    }
}
