package io.agentmonitor.gateway.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class CampaignScopeTest {

    @Test
    void emptyScopeSeesNothing() {
        assertTrue(CampaignScope.NONE.isEmpty());
        assertFalse(CampaignScope.NONE.contains("111"));
        assertFalse(CampaignScope.NONE.contains(null));
    }

    @Test
    void listedScopeSeesOnlyItsCampaignsAndNeverAgentsWithoutCampaign() {
        CampaignScope scope = CampaignScope.of(List.of("111", "112"));
        assertTrue(scope.contains("112"));
        assertFalse(scope.contains("222"));
        assertFalse(scope.contains(null));
    }

    @Test
    void allScopeSeesEveryCampaign() {
        assertTrue(CampaignScope.ALL.contains("999"));
        assertFalse(CampaignScope.ALL.isEmpty());
    }
}
