package io.agentmonitor.gateway.audit;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link AuditChainTest} against PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresAuditProfile.class)
class AuditChainPostgresTest extends AuditChainTest {
}
