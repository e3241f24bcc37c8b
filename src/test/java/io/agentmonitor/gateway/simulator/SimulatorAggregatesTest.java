package io.agentmonitor.gateway.simulator;

import static io.agentmonitor.gateway.simulator.SimulatorApi.search;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class SimulatorAggregatesTest {

    @Inject
    ConvosoSimulator simulator;

    @BeforeEach
    void reset() {
        simulator.reset();
    }

    @Test
    void aggregatesAgreeWithTheListedAgentsWhateverTheFilter() {
        List<String[]> filters = List.of(new String[0], new String[] { "campaign_id", "111" },
                new String[] { "queue_id", "2221" }, new String[] { "campaign_id", "113", "queue_id", "1132" },
                new String[] { "filter_by_skill_options", "retention" }, new String[] { "user_id", "10010" },
                new String[] { "campaign_id", "111", "queue_id", "2221" });
        for (String[] filter : filters) {
            SimulatorApi.assertConsistent(search(filter));
        }
    }

    @Test
    void callFiguresAreTheListedAgentsAndQueueFiguresTheQueuesWholeDay() {
        JsonNode campaign = SimulatorApi.assertConsistent(search("campaign_id", "111"));
        JsonNode calls = campaign.path("call_data");

        // Calls answered by agents who have gone home and calls lost in the queue count for the queue only.
        assertTrue(campaign.path("queue_answered").asLong() > calls.path("answered").asLong(),
                () -> "queue " + campaign.path("queue_answered") + ", agents " + calls.path("answered"));
        assertTrue(campaign.path("queue_calls_today").asLong() > calls.path("total_calls").asLong());

        JsonNode one = SimulatorApi.assertConsistent(search("user_id", "10010"));
        assertEquals(one.path("agents").path(0).path("calls_today").asLong(), one.path("call_data").path("answered").asLong(),
                "one agent's answer carries that agent's calls");
    }

    @Test
    void queueFiguresOfACampaignAddUpToTheWholeCallCenter() {
        long all = SimulatorApi.json(search("user_id", "10001")).path("queue_answered").asLong();
        long answered = 0;
        for (SimulatedCampaign campaign : simulator.campaigns()) {
            // A skill nobody has keeps the answer small; queue figures do not depend on it.
            answered += SimulatorApi.json(search("campaign_id", campaign.id(), "filter_by_skill_options", "juggling"))
                    .path("queue_answered").asLong();
        }

        // A few calls may be answered between the reads.
        assertEquals(all, answered, 25.0);
    }

    @Test
    void callsAndStatusTimesAdvanceWithTheClockAndStayConsistent() {
        simulator.setStatus("10001", "PAUSED");
        long callsAtOpening = SimulatorApi.assertConsistent(search()).path("queue_calls_today").asLong();

        // One agent's answer still carries the whole call center's queue figures: cheap to poll.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            JsonNode paused = SimulatorApi.assertConsistent(search("user_id", "10001"));
            assertTrue(paused.path("queue_calls_today").asLong() > callsAtOpening, "calls were handled");
            JsonNode agent = paused.path("agents").path(0);
            int seconds = agent.path("status_time_sec").asInt();
            assertTrue(seconds >= 1, "time in status grows");
            assertEquals("%02d:%02d".formatted(seconds / 60, seconds % 60), agent.path("status_time_mmss").asText());
        });
        SimulatorApi.assertConsistent(search());
    }
}
