package io.agentmonitor.gateway.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalDataSource;

/** Reads the audit trail: attempts joined with their outcomes, idempotency keys, the raw chain. */
@ApplicationScoped
public class AuditRepository {

    private static final String SELECT_RECORDS = "SELECT a.seq, a.id, a.recorded_at, a.actor_subject, "
            + "a.actor_username, a.actor_roles, a.client_address, a.user_agent, a.request_id, a.target_user_id, "
            + "a.campaign_id, a.reason, a.idempotency_key, o.outcome AS o_outcome, o.recorded_at AS o_recorded_at, "
            + "o.http_status AS o_http_status, o.problem_type AS o_problem_type, "
            + "o.upstream_code AS o_upstream_code, o.message AS o_message "
            + "FROM audit_entry a LEFT JOIN audit_entry o ON o.attempt_id = a.id AND o.kind = 'OUTCOME' "
            + "WHERE a.kind = 'ATTEMPT'";

    private final AgroalDataSource dataSource;

    AuditRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Attempts matching {@code query}, newest first, at most {@code limit}. */
    List<LogoutRecord> find(LogoutQuery query, int limit) {
        StringBuilder sql = new StringBuilder(SELECT_RECORDS);
        List<Object> params = new ArrayList<>();
        if (query.actor() != null) {
            sql.append(" AND (a.actor_username = ? OR a.actor_subject = ?)");
            params.add(query.actor());
            params.add(query.actor());
        }
        condition(sql, params, " AND a.target_user_id = ?", query.agent());
        condition(sql, params, " AND a.campaign_id = ?", query.campaign());
        if (query.outcome() == Outcome.PENDING) {
            sql.append(" AND o.seq IS NULL");
        } else if (query.outcome() != null) {
            condition(sql, params, " AND o.outcome = ?", query.outcome().name());
        }
        condition(sql, params, " AND a.recorded_at >= ?", AuditRows.timestamp(query.from()));
        condition(sql, params, " AND a.recorded_at < ?", AuditRows.timestamp(query.to()));
        condition(sql, params, " AND a.seq < ?", query.beforeSeq());
        sql.append(" ORDER BY a.seq DESC LIMIT ?");
        params.add(limit);
        return records(sql.toString(), params.toArray());
    }

    /** Attempts recorded before {@code before} that have no outcome, oldest first, at most {@code limit}. */
    List<LogoutRecord> withoutOutcome(Instant before, int limit) {
        return records(SELECT_RECORDS + " AND o.seq IS NULL AND a.recorded_at < ? ORDER BY a.seq LIMIT ?",
                AuditRows.timestamp(before), limit);
    }

    Optional<LogoutRecord> attempt(String attemptId) {
        return records(SELECT_RECORDS + " AND a.id = ?", attemptId).stream().findFirst();
    }

    /** The attempt that first used {@code key} for this actor, if any. */
    Optional<LogoutRecord> idempotent(String actorSubject, String key) {
        return records(SELECT_RECORDS + " AND a.id = (SELECT i.attempt_id FROM logout_idempotency i "
                + "WHERE i.actor_subject = ? AND i.idempotency_key = ?)", actorSubject, key).stream().findFirst();
    }

    /** Entries in chain order from {@code afterSeq} on, at most {@code limit}. */
    List<AuditEntry> entries(long afterSeq, int limit) {
        String sql = "SELECT " + AuditRows.COLUMNS + " FROM audit_entry WHERE seq > ? ORDER BY seq LIMIT ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setLong(1, afterSeq);
            st.setInt(2, limit);
            List<AuditEntry> entries = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    entries.add(AuditRows.read(rs));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw new AuditStoreException("cannot read the audit chain: " + e.getMessage(), e);
        }
    }

    /** Checkpoints in order from {@code afterNumber} on, at most {@code limit}. */
    List<Checkpoint> checkpoints(long afterNumber, int limit) {
        String sql = "SELECT " + AuditRows.CHECKPOINT_COLUMNS
                + " FROM audit_checkpoint WHERE number > ? ORDER BY number LIMIT ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setLong(1, afterNumber);
            st.setInt(2, limit);
            List<Checkpoint> checkpoints = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    checkpoints.add(AuditRows.readCheckpoint(rs));
                }
            }
            return checkpoints;
        } catch (SQLException e) {
            throw new AuditStoreException("cannot read the audit checkpoints: " + e.getMessage(), e);
        }
    }

    /**
     * How far the trail reaches now: the newest checkpoint's number, then the newest entry's seq.
     * Read in that order, every checkpoint up to the number names an entry up to the seq (a
     * checkpoint is taken after the entries it names).
     */
    Extent extent() {
        return new Extent(max("SELECT max(number) FROM audit_checkpoint"), max("SELECT max(seq) FROM audit_entry"));
    }

    /** The newest checkpoint's number and the newest entry's seq (0 when there is none). */
    record Extent(long lastNumber, long lastSeq) {
    }

    private long max(String sql) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql);
                ResultSet rs = st.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new AuditStoreException("cannot read the audit trail: " + e.getMessage(), e);
        }
    }

    private List<LogoutRecord> records(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            List<LogoutRecord> records = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    records.add(record(rs));
                }
            }
            return records;
        } catch (SQLException e) {
            throw new AuditStoreException("cannot read the audit trail: " + e.getMessage(), e);
        }
    }

    private static void condition(StringBuilder sql, List<Object> params, String clause, Object value) {
        if (value != null) {
            sql.append(clause);
            params.add(value);
        }
    }

    private static LogoutRecord record(ResultSet rs) throws SQLException {
        String outcome = rs.getString("o_outcome");
        String roles = rs.getString("actor_roles");
        return new LogoutRecord(rs.getString("id"), rs.getLong("seq"), AuditRows.instant(rs, "recorded_at"),
                rs.getString("actor_subject"), rs.getString("actor_username"),
                roles == null || roles.isEmpty() ? List.of() : Arrays.asList(roles.split(",")),
                rs.getString("client_address"), rs.getString("user_agent"), rs.getString("request_id"),
                rs.getString("target_user_id"), rs.getString("campaign_id"), rs.getString("reason"),
                rs.getString("idempotency_key"), outcome == null ? Outcome.PENDING : Outcome.valueOf(outcome),
                AuditRows.instant(rs, "o_recorded_at"), AuditRows.integer(rs, "o_http_status"),
                rs.getString("o_problem_type"), AuditRows.integer(rs, "o_upstream_code"), rs.getString("o_message"));
    }
}
