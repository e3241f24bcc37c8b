-- Signed checkpoints of the audit chain: each names the chain's last entry (seq and hash), when and
-- by which replica it was signed, and the previous checkpoint's signature, and is signed with a key
-- that is not in this database. Appends (entries and checkpoints alike) are serialized by a lock
-- (PostgreSQL: a transaction-scoped advisory lock) and read the chain's tip from the entries
-- themselves, so the gateway never needs to UPDATE or DELETE evidence.
CREATE TABLE audit_checkpoint (
    number           BIGINT                   NOT NULL,
    last_seq         BIGINT                   NOT NULL,
    last_hash        VARCHAR(64)              NOT NULL,
    signed_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    reason           VARCHAR(16)              NOT NULL,
    replica          VARCHAR(255)             NOT NULL,
    interval_seconds BIGINT                   NOT NULL,
    key_id           VARCHAR(64)              NOT NULL,
    prev_signature   VARCHAR(200)             NOT NULL,
    signature        VARCHAR(200)             NOT NULL,
    CONSTRAINT pk_audit_checkpoint PRIMARY KEY (number)
);

CREATE INDEX ix_audit_checkpoint_last_seq ON audit_checkpoint (last_seq);

-- The tip is read from audit_entry now; a head row that can be wound back proves nothing.
DROP TABLE audit_chain_head;
