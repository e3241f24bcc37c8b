package io.agentmonitor.gateway.audit;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link AuditQueryTest} against PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresAuditProfile.class)
class AuditQueryPostgresTest extends AuditQueryTest {
}
