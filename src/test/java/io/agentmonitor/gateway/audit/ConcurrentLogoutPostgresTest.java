package io.agentmonitor.gateway.audit;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link ConcurrentLogoutTest} against PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresAuditProfile.class)
class ConcurrentLogoutPostgresTest extends ConcurrentLogoutTest {
}
