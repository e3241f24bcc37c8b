package io.agentmonitor.gateway.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.enterprise.context.ApplicationScoped;

import io.agentmonitor.gateway.config.GatewayConfig;
import io.agroal.api.AgroalDataSource;

/**
 * Appends entries and checkpoints to the chain, one transaction at a time. Appends are serialized
 * without updating anything: on PostgreSQL by a transaction-scoped advisory lock, so that appends
 * from several replicas queue up in the database; the in-process lock keeps this replica's threads
 * from queueing there (and is the only lock the embedded store needs). The tip is read from the
 * entries themselves, and the primary keys on {@code seq} and {@code number} are the last line of
 * defence against a fork.
 */
@ApplicationScoped
public class AuditChain {

    static final String UNIQUE_VIOLATION = "23505";
    /** The advisory lock's key: any constant the application uses for nothing else ("audit" in ASCII). */
    private static final long APPEND_LOCK = 0x6175646974L;

    private final AgroalDataSource dataSource;
    private final int timeoutSeconds;
    private final ReentrantLock writer = new ReentrantLock(true);
    private volatile Boolean postgres;

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
        return inTransaction(connection -> {
            if (claim != null) {
                claim(connection, claim);
            }
            return appendLocked(connection, drafts);
        });
    }

    /**
     * Appends the outcome entry {@code draft} unless its attempt has an outcome already; answers it
     * as stored, or null when the attempt had one.
     *
     * @throws AuditStoreException when the store cannot be written
     */
    AuditEntry appendOutcome(AuditEntry draft) {
        return inTransaction(connection -> {
            try (PreparedStatement known = connection.prepareStatement(
                    "SELECT 1 FROM audit_entry WHERE attempt_id = ? AND kind = 'OUTCOME'")) {
                known.setQueryTimeout(timeoutSeconds);
                known.setString(1, draft.attemptId());
                try (ResultSet rs = known.executeQuery()) {
                    if (rs.next()) {
                        return null;
                    }
                }
            }
            return appendLocked(connection, List.of(draft)).get(0);
        });
    }

    /**
     * Signs and appends a checkpoint of the chain's tip as it is now, in its own transaction.
     *
     * @param draft what to sign: its reason, replica and interval (number, tip and signature are set here)
     * @throws AuditStoreException when the store cannot be written
     */
    Checkpoint checkpoint(Checkpoint draft, CheckpointKeys keys) {
        return inTransaction(connection -> {
            Tip tip = tip(connection);
            long number = 1;
            String prevSignature = "";
            try (PreparedStatement last = connection.prepareStatement(
                    "SELECT number, signature FROM audit_checkpoint ORDER BY number DESC LIMIT 1")) {
                last.setQueryTimeout(timeoutSeconds);
                try (ResultSet rs = last.executeQuery()) {
                    if (rs.next()) {
                        number = rs.getLong(1) + 1;
                        prevSignature = rs.getString(2);
                    }
                }
            }
            Checkpoint checkpoint = new Checkpoint(number, tip.seq(), tip.hash(), draft.signedAt(), draft.reason(),
                    draft.replica(), draft.intervalSeconds(), null, prevSignature, null).signed(keys);
            try (PreparedStatement insert = connection.prepareStatement(AuditRows.INSERT_CHECKPOINT)) {
                insert.setQueryTimeout(timeoutSeconds);
                AuditRows.bind(insert, checkpoint);
                insert.executeUpdate();
            }
            return checkpoint;
        });
    }

    private <T> T inTransaction(Work<T> work) {
        writer.lock();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                lock(connection);
                T result = work.run(connection);
                connection.commit();
                return result;
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

    /** Work inside an append's transaction. */
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Serializes appends of every replica: held until the transaction ends. */
    private void lock(Connection connection) throws SQLException {
        if (postgres == null) {
            postgres = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
        }
        if (postgres) {
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setQueryTimeout(timeoutSeconds);
                lock.setLong(1, APPEND_LOCK);
                lock.execute();
            }
        }
    }

    /** The chain's last entry: its seq and hash (0 and the genesis hash while the chain is empty). */
    private Tip tip(Connection connection) throws SQLException {
        try (PreparedStatement last = connection.prepareStatement(
                "SELECT seq, entry_hash FROM audit_entry ORDER BY seq DESC LIMIT 1")) {
            last.setQueryTimeout(timeoutSeconds);
            try (ResultSet rs = last.executeQuery()) {
                return rs.next() ? new Tip(rs.getLong(1), rs.getString(2)) : new Tip(0, AuditExportVerifier.GENESIS);
            }
        }
    }

    private record Tip(long seq, String hash) {
    }

    private List<AuditEntry> appendLocked(Connection connection, List<AuditEntry> drafts) throws SQLException {
        Tip tip = tip(connection);
        long seq = tip.seq();
        String hash = tip.hash();
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
