package io.agentmonitor.gateway.audit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes each committed audit entry as one JSON line on the {@code audit} logger category, for
 * shipping to a SIEM. Entries hold no secrets: no token, no upstream URL. Jackson escapes the
 * free-text fields, so a reason cannot forge a second line.
 */
@ApplicationScoped
public class AuditLog {

    /** The logger category that carries audit events, and only them. */
    public static final String CATEGORY = "audit";

    private static final Logger LOG = Logger.getLogger(CATEGORY);

    private final ObjectMapper json;

    AuditLog(ObjectMapper json) {
        this.json = json;
    }

    void entry(AuditEntry entry) {
        ObjectNode line = json.createObjectNode();
        line.put("event", entry.kind() == AuditEntry.EntryKind.ATTEMPT ? "logout.attempt" : "logout.outcome");
        line.setAll((ObjectNode) json.valueToTree(entry));
        write(line, "entry " + entry.seq());
    }

    /**
     * A checkpoint, as {@code audit.checkpoint} with exactly the exported fields: the line (less its
     * {@code event}) is what {@code verify} and the offline verifier take as the expected head.
     */
    void checkpoint(Checkpoint checkpoint) {
        ObjectNode line = json.createObjectNode();
        line.put("event", "audit.checkpoint");
        line.setAll((ObjectNode) json.valueToTree(checkpoint.toRecord()));
        write(line, "checkpoint " + checkpoint.number());
    }

    private void write(ObjectNode line, String what) {
        try {
            LOG.info(json.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            LOG.errorf("Audit %s could not be written as JSON: %s", what, e.getMessage());
        }
    }
}
