package io.agentmonitor.gateway.audit;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link TamperedTrailTest} against PostgreSQL. */
@QuarkusTest
@TestProfile(TamperedTrailProfile.Postgres.class)
class TamperedTrailPostgresTest extends TamperedTrailTest {
}
