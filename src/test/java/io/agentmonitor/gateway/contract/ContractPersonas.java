package io.agentmonitor.gateway.contract;

import java.util.List;

import io.agentmonitor.gateway.TestTokens;
import io.agentmonitor.gateway.simulator.ConvosoSimulator;
import io.agentmonitor.gateway.simulator.SimulatedAgent;

/** The callers and agents the contract tests and the generated clients use. */
final class ContractPersonas {

    private ContractPersonas() {
    }

    /** Supervisor of campaign 111. */
    static String supervisor() {
        return TestTokens.supervisor();
    }

    /** Manager (view and logout) of campaigns 111 and 112. */
    static String manager() {
        return TestTokens.manager();
    }

    /** An auditor; with a group, since the token builder refuses an empty one. */
    static String auditor() {
        return TestTokens.token("otto", List.of("auditor"), List.of("auditors"));
    }

    /** The first agent of {@code campaign}, pinned READY so that a logout succeeds. */
    static String readyAgent(ConvosoSimulator simulator, String campaign) {
        SimulatedAgent agent = simulator.agents().stream().filter(a -> campaign.equals(a.campaignId()))
                .findFirst().orElseThrow();
        simulator.setStatus(agent.userId(), "READY");
        return agent.userId();
    }
}
