package io.agentmonitor.gateway.audit;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link LogoutWriteAheadTest} against PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresAuditProfile.class)
class LogoutWriteAheadPostgresTest extends LogoutWriteAheadTest {
}
