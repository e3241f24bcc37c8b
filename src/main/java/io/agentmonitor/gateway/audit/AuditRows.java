package io.agentmonitor.gateway.audit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Maps {@link AuditEntry} to and from {@code audit_entry} rows, the same way on H2 and PostgreSQL. */
final class AuditRows {

    static final String COLUMNS = "seq, id, kind, attempt_id, recorded_at, actor_subject, actor_username, "
            + "actor_roles, client_address, user_agent, request_id, target_user_id, campaign_id, reason, "
            + "idempotency_key, outcome, http_status, problem_type, upstream_code, message, prev_hash, entry_hash";

    static final String INSERT = "INSERT INTO audit_entry (" + COLUMNS + ") VALUES "
            + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    static final String CHECKPOINT_COLUMNS = "number, last_seq, last_hash, signed_at, reason, replica, "
            + "interval_seconds, key_id, prev_signature, signature";

    static final String INSERT_CHECKPOINT = "INSERT INTO audit_checkpoint (" + CHECKPOINT_COLUMNS + ") VALUES "
            + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private AuditRows() {
    }

    static void bind(PreparedStatement st, AuditEntry e) throws SQLException {
        st.setLong(1, e.seq());
        st.setString(2, e.id());
        st.setString(3, e.kind().name());
        st.setString(4, e.attemptId());
        st.setObject(5, timestamp(e.recordedAt()));
        st.setString(6, e.actorSubject());
        st.setString(7, e.actorUsername());
        st.setString(8, e.actorRoles());
        st.setString(9, e.clientAddress());
        st.setString(10, e.userAgent());
        st.setString(11, e.requestId());
        st.setString(12, e.targetUserId());
        st.setString(13, e.campaignId());
        st.setString(14, e.reason());
        st.setString(15, e.idempotencyKey());
        st.setString(16, e.outcome() == null ? null : e.outcome().name());
        setInteger(st, 17, e.httpStatus());
        st.setString(18, e.problemType());
        setInteger(st, 19, e.upstreamCode());
        st.setString(20, e.message());
        st.setString(21, e.prevHash());
        st.setString(22, e.entryHash());
    }

    static void bind(PreparedStatement st, Checkpoint c) throws SQLException {
        st.setLong(1, c.number());
        st.setLong(2, c.lastSeq());
        st.setString(3, c.lastHash());
        st.setObject(4, timestamp(c.signedAt()));
        st.setString(5, c.reason().name());
        st.setString(6, c.replica());
        st.setLong(7, c.intervalSeconds());
        st.setString(8, c.keyId());
        st.setString(9, c.prevSignature());
        st.setString(10, c.signature());
    }

    static Checkpoint readCheckpoint(ResultSet rs) throws SQLException {
        return new Checkpoint(rs.getLong("number"), rs.getLong("last_seq"), rs.getString("last_hash"),
                instant(rs, "signed_at"), Checkpoint.Reason.parse(rs.getString("reason")), rs.getString("replica"),
                rs.getLong("interval_seconds"), rs.getString("key_id"), rs.getString("prev_signature"),
                rs.getString("signature"));
    }

    /** The entry of the current row, read by column name (prefix {@code ""} or a join alias with dot). */
    static AuditEntry read(ResultSet rs) throws SQLException {
        String outcome = rs.getString("outcome");
        return new AuditEntry(rs.getLong("seq"), rs.getString("id"),
                AuditEntry.EntryKind.valueOf(rs.getString("kind")), rs.getString("attempt_id"),
                instant(rs, "recorded_at"), rs.getString("actor_subject"), rs.getString("actor_username"),
                rs.getString("actor_roles"), rs.getString("client_address"), rs.getString("user_agent"),
                rs.getString("request_id"), rs.getString("target_user_id"), rs.getString("campaign_id"),
                rs.getString("reason"), rs.getString("idempotency_key"),
                outcome == null ? null : Outcome.valueOf(outcome), integer(rs, "http_status"),
                rs.getString("problem_type"), integer(rs, "upstream_code"), rs.getString("message"),
                rs.getString("prev_hash"), rs.getString("entry_hash"));
    }

    static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static void setInteger(PreparedStatement st, int index, Integer value) throws SQLException {
        if (value == null) {
            st.setNull(index, Types.INTEGER);
        } else {
            st.setInt(index, value);
        }
    }
}
