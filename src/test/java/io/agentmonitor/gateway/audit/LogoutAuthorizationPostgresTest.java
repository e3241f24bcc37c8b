package io.agentmonitor.gateway.audit;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link LogoutAuthorizationTest} against PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresAuditProfile.class)
class LogoutAuthorizationPostgresTest extends LogoutAuthorizationTest {
}
