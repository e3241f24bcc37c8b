-- Logout audit trail. Portable SQL: the same script runs on H2 (embedded default) and PostgreSQL.

-- Append-only, hash-chained entries: an attempt, then (later) the outcome that names it.
CREATE TABLE audit_entry (
    seq             BIGINT                   NOT NULL,
    id              VARCHAR(36)              NOT NULL,
    kind            VARCHAR(16)              NOT NULL,
    attempt_id      VARCHAR(36)              NOT NULL,
    recorded_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    actor_subject   VARCHAR(255)             NOT NULL,
    actor_username  VARCHAR(255),
    actor_roles     VARCHAR(2000),
    client_address  VARCHAR(64),
    user_agent      VARCHAR(512),
    request_id      VARCHAR(128)             NOT NULL,
    target_user_id  VARCHAR(64)              NOT NULL,
    campaign_id     VARCHAR(64),
    reason          VARCHAR(1000),
    idempotency_key VARCHAR(128),
    outcome         VARCHAR(16),
    http_status     INTEGER,
    problem_type    VARCHAR(64),
    upstream_code   INTEGER,
    message         VARCHAR(1000),
    prev_hash       VARCHAR(64)              NOT NULL,
    entry_hash      VARCHAR(64)              NOT NULL,
    CONSTRAINT pk_audit_entry PRIMARY KEY (seq),
    CONSTRAINT uq_audit_entry_id UNIQUE (id),
    -- One attempt entry and at most one outcome entry per attempt.
    CONSTRAINT uq_audit_entry_attempt_kind UNIQUE (attempt_id, kind)
);

CREATE INDEX ix_audit_entry_target ON audit_entry (target_user_id);
CREATE INDEX ix_audit_entry_actor ON audit_entry (actor_username);
CREATE INDEX ix_audit_entry_campaign ON audit_entry (campaign_id);
CREATE INDEX ix_audit_entry_recorded_at ON audit_entry (recorded_at);

-- The chain's tip. Appenders lock this one row (SELECT ... FOR UPDATE), so appends from every
-- replica are serialized into one unbroken chain.
CREATE TABLE audit_chain_head (
    id        INTEGER     NOT NULL,
    last_seq  BIGINT      NOT NULL,
    last_hash VARCHAR(64) NOT NULL,
    CONSTRAINT pk_audit_chain_head PRIMARY KEY (id)
);

INSERT INTO audit_chain_head (id, last_seq, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Idempotency-Key of a logout, scoped to the caller: which attempt answered it first.
CREATE TABLE logout_idempotency (
    actor_subject   VARCHAR(255)             NOT NULL,
    idempotency_key VARCHAR(128)             NOT NULL,
    attempt_id      VARCHAR(36)              NOT NULL,
    target_user_id  VARCHAR(64)              NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_logout_idempotency PRIMARY KEY (actor_subject, idempotency_key)
);
