package io.agentmonitor.gateway.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.enterprise.context.ApplicationScoped;

import io.agentmonitor.gateway.config.GatewayConfig;
import io.agroal.api.AgroalDataSource;

/**
 * Appends entries to the hash chain, one transaction at a time. The chain head row is locked with
 * {@code SELECT ... FOR UPDATE} so that appends from several replicas queue up in the database; the
 * in-process lock keeps this replica's threads from queueing there (and from hitting the lock
 * timeout) and the primary key on {@code seq} is the last line of defence against a fork.
 */
@ApplicationScoped
public class AuditChain {

    static final String UNIQUE_VIOLATION = "23505";

    private final AgroalDataSource dataSource;
    private final int timeoutSeconds;
    private final ReentrantLock writer = new ReentrantLock(true);

    AuditChain(AgroalDataSource dataSource, GatewayConfig config) {
        this.dataSource = dataSource;
        this.timeoutSeconds = (int) Math.max(1, config.audit().writeTimeout().toSeconds());
    }

    /**
     * Appends {@code drafts} in order, in one transaction, and claims {@code claim} in the same
     * transaction when given. Answers the entries as stored (sequence and hashes set).
     *
     * @throws IdempotencyKeyTaken when the claim's key is already taken (nothing is appended)
     * @throws AuditStoreException when the store cannot be written (nothing is appended)
     */
    List<AuditEntry> append(List<AuditEntry> drafts, IdempotencyClaim claim) {
        writer.lock();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (claim != null) {
                    claim(connection, claim);
                }
                List<AuditEntry> stored = appendLocked(connection, drafts);
                connection.commit();
                return stored;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new AuditStoreException("cannot append to the audit chain: " + e.getMessage(), e);
        } finally {
            writer.unlock();
        }
    }

    private List<AuditEntry> appendLocked(Connection connection, List<AuditEntry> drafts) throws SQLException {
        long seq;
        String hash;
        try (PreparedStatement head = connection.prepareStatement(
                "SELECT last_seq, last_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE")) {
            head.setQueryTimeout(timeoutSeconds);
            try (ResultSet rs = head.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("the audit chain head row is missing");
                }
                seq = rs.getLong(1);
                hash = rs.getString(2);
            }
        }
        List<AuditEntry> stored = new ArrayList<>(drafts.size());
        try (PreparedStatement insert = connection.prepareStatement(AuditRows.INSERT)) {
            insert.setQueryTimeout(timeoutSeconds);
            for (AuditEntry draft : drafts) {
                AuditEntry entry = draft.chained(++seq, hash);
                AuditRows.bind(insert, entry);
                insert.executeUpdate();
                stored.add(entry);
                hash = entry.entryHash();
            }
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE audit_chain_head SET last_seq = ?, last_hash = ? WHERE id = 1")) {
            update.setQueryTimeout(timeoutSeconds);
            update.setLong(1, seq);
            update.setString(2, hash);
            update.executeUpdate();
        }
        return stored;
    }

    private void claim(Connection connection, IdempotencyClaim claim) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO logout_idempotency "
                + "(actor_subject, idempotency_key, attempt_id, target_user_id, created_at) VALUES (?, ?, ?, ?, ?)")) {
            insert.setQueryTimeout(timeoutSeconds);
            insert.setString(1, claim.actorSubject());
            insert.setString(2, claim.key());
            insert.setString(3, claim.attemptId());
            insert.setString(4, claim.targetUserId());
            insert.setObject(5, AuditRows.timestamp(claim.createdAt()));
            insert.executeUpdate();
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new IdempotencyKeyTaken();
            }
            throw e;
        }
    }

    /** Another request of the same caller already used the idempotency key. */
    static final class IdempotencyKeyTaken extends RuntimeException {
        IdempotencyKeyTaken() {
            super("idempotency key already taken", null, false, false);
        }
    }
}
