package io.agentmonitor.gateway.config;

import io.agentmonitor.gateway.attention.ThresholdsResource;
import io.agentmonitor.gateway.audit.AuditEntry;
import io.agentmonitor.gateway.audit.ChainReport;
import io.agentmonitor.gateway.audit.CheckpointLine;
import io.agentmonitor.gateway.audit.LogoutPage;
import io.agentmonitor.gateway.audit.LogoutRecord;
import io.agentmonitor.gateway.audit.LogoutRequest;
import io.agentmonitor.gateway.audit.LogoutResponse;
import io.agentmonitor.gateway.audit.Outcome;
import io.agentmonitor.gateway.monitor.CampaignLevels;
import io.agentmonitor.gateway.monitor.MeResource;
import io.agentmonitor.gateway.monitor.ScopeView;
import io.agentmonitor.gateway.monitor.ScopedSnapshot;
import io.agentmonitor.gateway.problem.Problem;
import io.agentmonitor.gateway.security.Capability;
import io.agentmonitor.gateway.simulator.NewAgent;
import io.agentmonitor.gateway.simulator.SimulatedAgent;
import io.agentmonitor.gateway.simulator.SimulatorFault;
import io.agentmonitor.gateway.simulator.SimulatorSearch;
import io.agentmonitor.gateway.simulator.SimulatorSettings;
import io.agentmonitor.gateway.simulator.SimulatorStats;
import io.agentmonitor.gateway.upstream.Agent;
import io.agentmonitor.gateway.upstream.AgentMonitorSnapshot;
import io.agentmonitor.gateway.upstream.AttentionLevel;
import io.agentmonitor.gateway.upstream.CallData;
import io.agentmonitor.gateway.upstream.NamedRef;
import io.agentmonitor.gateway.webui.WallboardSettings;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Every class that Jackson reads or writes, registered for reflection in the native image in one
 * place. Quarkus registers the declared types of REST methods itself, but not always what they
 * hold (list elements, records inside records, the SSE payload, the audit log line), and a class
 * missing here fails only at run time in the native executable, as an empty or refused body.
 * {@code NativeReflectionTest} keeps this list complete.
 */
@RegisterForReflection(targets = {
        // monitor: snapshots (also the SSE payload) and /me
        ScopedSnapshot.class, ScopeView.class, MeResource.Me.class, Capability.class,
        Agent.class, AttentionLevel.class, CallData.class, NamedRef.class, CampaignLevels.class,
        // attention: /thresholds
        ThresholdsResource.Thresholds.class, ThresholdsResource.StatusThreshold.class,
        // the snapshot tier in Redis (cluster.SharedSnapshots)
        AgentMonitorSnapshot.class,
        // problem bodies
        Problem.class, Problem.InvalidParam.class,
        // audit: logout, audit API, the JSON audit log line
        LogoutRequest.class, LogoutResponse.class, LogoutRecord.class, LogoutPage.class, Outcome.class,
        ChainReport.class, ChainReport.BrokenLink.class, ChainReport.CheckpointSummary.class, CheckpointLine.class,
        AuditEntry.class, AuditEntry.EntryKind.class,
        // simulator control API
        SimulatorSettings.class, SimulatorStats.class, SimulatorFault.class, GatewayConfig.Envelope.class,
        SimulatedAgent.class, NewAgent.class, SimulatorSearch.class,
        // the wallboard page's runtime settings
        WallboardSettings.class,
})
public final class NativeReflection {

    private NativeReflection() {
    }
}
