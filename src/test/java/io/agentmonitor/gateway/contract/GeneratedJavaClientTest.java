package io.agentmonitor.gateway.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agentmonitor.gateway.contract.client.ApiClient;
import io.agentmonitor.gateway.contract.client.ApiException;
import io.agentmonitor.gateway.contract.client.ApiResponse;
import io.agentmonitor.gateway.contract.client.api.AuditApi;
import io.agentmonitor.gateway.contract.client.api.IdentityApi;
import io.agentmonitor.gateway.contract.client.api.LogoutApi;
import io.agentmonitor.gateway.contract.client.api.MonitorApi;
import io.agentmonitor.gateway.contract.client.model.LogoutPage;
import io.agentmonitor.gateway.contract.client.model.LogoutRequest;
import io.agentmonitor.gateway.contract.client.model.LogoutResponse;
import io.agentmonitor.gateway.contract.client.model.Me;
import io.agentmonitor.gateway.contract.client.model.Outcome;
import io.agentmonitor.gateway.contract.client.model.Problem;
import io.agentmonitor.gateway.contract.client.model.ScopedSnapshot;
import io.agentmonitor.gateway.simulator.ConvosoSimulator;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The Java client generated from the committed {@code openapi/openapi.yaml} (openapi-generator,
 * {@code java}/{@code native}) against the running gateway: what an app team's client does.
 */
@QuarkusTest
class GeneratedJavaClientTest {

    @TestHTTPResource("/")
    URL gateway;

    @Inject
    ConvosoSimulator simulator;

    @BeforeEach
    void resetSimulator() {
        simulator.reset();
    }

    /** A client for the gateway under test that sends {@code token} as the bearer token. */
    private ApiClient client(String token) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(gateway.toString().replaceAll("/$", ""));
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        return client;
    }

    @Test
    void supervisorReadsTheSnapshotOfTheirCampaignAndRevalidatesIt() throws ApiException {
        MonitorApi monitor = new MonitorApi(client(ContractPersonas.supervisor()));
        ApiResponse<ScopedSnapshot> response = monitor.getAgentMonitorSnapshotWithHttpInfo("111", null, null, null,
                null);
        ScopedSnapshot snapshot = response.getData();
        assertEquals(List.of("111"), snapshot.getScope().getCampaignIds());
        assertTrue(!snapshot.getAgents().isEmpty(), "campaign 111 has agents");
        snapshot.getAgents().forEach(agent -> assertEquals("111", agent.getCampaignId()));
        assertEquals(snapshot.getAgents().size(), snapshot.getAgentTotal().intValue());
        String etag = response.getHeaders().get("etag").get(0);

        ApiException notModified = assertThrows(ApiException.class,
                () -> monitor.getAgentMonitorSnapshot("111", null, null, null, etag));
        assertEquals(304, notModified.getCode());
    }

    @Test
    void skillsFilterTheSnapshot() throws ApiException {
        ScopedSnapshot snapshot = new MonitorApi(client(ContractPersonas.supervisor()))
                .getAgentMonitorSnapshot(null, null, List.of("no-such-skill"), null, null);
        assertEquals(List.of(), snapshot.getAgents());
        assertEquals(0L, snapshot.getAgentTotal());
    }

    @Test
    void meNamesTheManagersScopeAndCapabilities() throws ApiException {
        Me me = new IdentityApi(client(ContractPersonas.manager())).getMe();
        assertEquals("maria", me.getUsername());
        assertEquals(List.of("111", "112"), me.getScope().getCampaignIds());
        assertEquals(List.of("view", "logout"),
                me.getCapabilities().stream().map(Me.CapabilitiesEnum::getValue).toList());
    }

    @Test
    void managerLogsOutAnAgentAndTheAuditorFindsTheRecord() throws ApiException {
        String agent = ContractPersonas.readyAgent(simulator, "111");
        LogoutResponse logout = new LogoutApi(client(ContractPersonas.manager()))
                .logoutAgent(agent, new LogoutRequest().reason("End of shift"), null, "java-client-1");
        assertEquals(Outcome.SUCCEEDED, logout.getOutcome());
        assertEquals(agent, logout.getUserId());
        assertEquals("java-client-1", logout.getRequestId());

        LogoutPage page = new AuditApi(client(ContractPersonas.auditor()))
                .listLogouts(null, agent, null, null, null, 10, Outcome.SUCCEEDED, null);
        assertTrue(page.getItems().stream().anyMatch(record -> record.getId().equals(logout.getAuditId())
                && "End of shift".equals(record.getReason())), "the audit trail lists the logout");
    }

    @Test
    void campaignOutsideTheScopeIsA403Problem() throws Exception {
        ApiClient client = client(ContractPersonas.supervisor());
        ApiException e = assertThrows(ApiException.class,
                () -> new MonitorApi(client).getAgentMonitorSnapshot("222", null, null, null, null));
        assertEquals(403, e.getCode());
        assertEquals(Optional.of("application/problem+json"), e.getResponseHeaders().firstValue("content-type"));
        Problem problem = client.getObjectMapper().readValue(e.getResponseBody(), Problem.class);
        assertEquals("/problems/forbidden", problem.getType());
        assertEquals(403, problem.getStatus());
    }
}
