package io.agentmonitor.gateway.simulator;

import java.util.List;

/**
 * A campaign of the simulated call center.
 *
 * @param dialMode {@code outbound}, {@code inbound} or {@code blended}: which call types its agents get
 * @param listIds the lead lists its agents call
 */
public record SimulatedCampaign(String id, String name, String dialMode, List<SimulatedQueue> queues,
        List<String> listIds) {

    public SimulatedCampaign {
        queues = List.copyOf(queues);
        listIds = List.copyOf(listIds);
    }
}
