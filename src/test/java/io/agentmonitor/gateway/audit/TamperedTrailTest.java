package io.agentmonitor.gateway.audit;

import static io.agentmonitor.gateway.audit.AuditTestSupport.AUDIT;
import static io.agentmonitor.gateway.audit.AuditTestSupport.auditor;
import static io.agentmonitor.gateway.audit.AuditTestSupport.checkpointLines;
import static io.agentmonitor.gateway.audit.AuditTestSupport.logout;
import static io.agentmonitor.gateway.audit.AuditTestSupport.manager111;
import static io.agentmonitor.gateway.audit.AuditTestSupport.newestRecordOf;
import static io.agentmonitor.gateway.audit.AuditTestSupport.readyAgent;
import static io.agentmonitor.gateway.audit.AuditTestSupport.sql;
import static io.agentmonitor.gateway.audit.AuditTestSupport.verify;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agentmonitor.gateway.simulator.ConvosoSimulator;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * What a database owner can do to the trail, and how verification names it: truncation with the
 * newest checkpoints deleted too (caught with the head taken from the log), a rewrite with every hash
 * after it recomputed, a deleted checkpoint, a checkpoint signed by another key, a checkpoint that
 * came too late; and the offline verifier on an export, whole and with one entry removed.
 */
@QuarkusTest
@TestProfile(TamperedTrailProfile.class)
class TamperedTrailTest {

    @Inject
    ConvosoSimulator simulator;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    AuditCheckpoints checkpoints;

    @Inject
    CheckpointKeys keys;

    @Inject
    AuditRepository repository;

    @BeforeEach
    void freshTrail() {
        simulator.reset();
        sql(dataSource, "DELETE FROM logout_idempotency");
        sql(dataSource, "DELETE FROM audit_checkpoint");
        sql(dataSource, "DELETE FROM audit_entry");
        checkpoints.take(Checkpoint.Reason.STARTUP);
    }

    @Test
    void anUntouchedTrailIsValidWithEveryCheckpoint() {
        loggedOut(20);
        checkpoints.take(Checkpoint.Reason.INTERVAL);
        loggedOut(21);

        JsonPath report = verify();
        assertTrue(report.getBoolean("valid"), report.prettify());
        assertEquals(4, report.getLong("entries_checked"));
        assertEquals(2, report.getLong("checkpoints_checked"));
        assertEquals(2, report.getLong("last_checkpoint.last_seq"));
        assertEquals(2, report.getLong("entries_after_last_checkpoint"));
    }

    @Test
    void truncationWithTheNewestCheckpointsDeletedIsCaughtWithTheHeadFromTheLog() throws Exception {
        loggedOut(20);
        checkpoints.take(Checkpoint.Reason.INTERVAL);
        long kept = lastSeq();
        loggedOut(21);
        String head = checkpointLines(() -> checkpoints.take(Checkpoint.Reason.INTERVAL)).get(0);

        // The owner removes the newest logout and every checkpoint that names it.
        sql(dataSource, "DELETE FROM audit_checkpoint WHERE last_seq > " + kept);
        sql(dataSource, "DELETE FROM audit_entry WHERE seq > " + kept);

        JsonPath report = given().auth().oauth2(auditor()).contentType(ContentType.JSON).body(head)
                .when().post(AUDIT + "/verify").then().statusCode(200).extract().jsonPath();
        assertFalse(report.getBoolean("valid"));
        assertEquals("truncated", report.getString("first_broken.kind"));
        assertEquals(kept + 1, report.getLong("first_broken.seq"));

        // Offline, the same: the export alone looks whole, the head from the log says otherwise.
        Path dir = Files.createDirectories(Path.of("target", "audit-export"));
        Path key = Files.writeString(dir.resolve("checkpoint-public.pem"), keys.publicKeyPem());
        Path export = Files.writeString(dir.resolve("export-truncated.jsonl"), given().auth().oauth2(auditor())
                .when().get(AUDIT + "/export").then().statusCode(200).extract().asString());
        Path line = Files.writeString(dir.resolve("head-from-the-log.json"), head);
        assertEquals(0, OfflineVerifier.run("--public-key", key.toString(), export.toString()).exit(), "consistent in itself");
        OfflineVerifier.Run withHead = OfflineVerifier.run("--public-key", key.toString(), "--expected-head", line.toString(), export.toString());
        assertEquals(1, withHead.exit(), withHead.output());
        assertTrue(withHead.output().startsWith("INVALID: truncated at seq " + (kept + 1)), withHead.output());
    }

    @Test
    void aBodyThatIsNoCheckpointIsRefused() {
        given().auth().oauth2(auditor()).contentType(ContentType.JSON).body("{\"number\": 3}")
                .when().post(AUDIT + "/verify").then().statusCode(400)
                .contentType("application/problem+json").body("type", org.hamcrest.Matchers.endsWith("/invalid-request"));
        given().auth().oauth2(auditor()).contentType(ContentType.JSON).body("not json")
                .when().post(AUDIT + "/verify").then().statusCode(400).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("/invalid-request"))
                .body("errors.name", org.hamcrest.Matchers.contains("body"));
    }

    @Test
    void entriesDeletedUnderTheirCheckpointAreATruncation() {
        loggedOut(20);
        long kept = lastSeq();
        loggedOut(21);
        checkpoints.take(Checkpoint.Reason.INTERVAL);

        sql(dataSource, "DELETE FROM audit_entry WHERE seq > " + kept);

        JsonPath report = verify();
        assertFalse(report.getBoolean("valid"));
        assertEquals("truncated", report.getString("first_broken.kind"));
        assertEquals(kept + 1, report.getLong("first_broken.seq"));
    }

    @Test
    void aRewriteWithEveryHashAfterItRecomputedIsNamed() throws SQLException {
        loggedOut(20);
        checkpoints.take(Checkpoint.Reason.INTERVAL);
        String agent = loggedOut(21);
        checkpoints.take(Checkpoint.Reason.INTERVAL);
        long seq = newestRecordOf(agent).getLong("seq");

        // The owner edits the attempt's reason and recomputes its hash and every hash after it.
        List<AuditEntry> after = repository.entries(seq - 1, 100);
        String prevHash = after.get(0).prevHash();
        for (AuditEntry entry : after) {
            AuditEntry rewritten = (entry.seq() == seq ? withReason(entry, "Edited afterwards") : entry)
                    .chained(entry.seq(), prevHash);
            update(rewritten);
            prevHash = rewritten.entryHash();
        }

        JsonPath report = verify();
        assertFalse(report.getBoolean("valid"));
        assertEquals("rewritten", report.getString("first_broken.kind"));
        assertEquals(seq, report.getLong("first_broken.seq"));
        assertEquals(3, report.getLong("first_broken.checkpoint"));
    }

    @Test
    void aDeletedCheckpointIsNamed() {
        loggedOut(20);
        long seq = lastSeq();
        checkpoints.take(Checkpoint.Reason.INTERVAL);
        checkpoints.take(Checkpoint.Reason.INTERVAL);

        sql(dataSource, "DELETE FROM audit_checkpoint WHERE number = 2");

        JsonPath report = verify();
        assertFalse(report.getBoolean("valid"));
        assertEquals("missing-checkpoint", report.getString("first_broken.kind"));
        assertEquals(2, report.getLong("first_broken.checkpoint"));
        assertEquals(1, report.getLong("first_broken.seq"), "checkpoint 1 vouches for nothing after the empty chain");
        assertTrue(seq >= 1);
    }

    @Test
    void aCheckpointSignedByAnotherKeyIsNamed() throws Exception {
        loggedOut(20);
        Checkpoint last = checkpoints.take(Checkpoint.Reason.INTERVAL);
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String otherId = AuditExportVerifier.keyId(other.getPublic());
        Checkpoint forged = new Checkpoint(last.number() + 1, last.lastSeq(), last.lastHash(),
                last.signedAt().plusSeconds(1), Checkpoint.Reason.INTERVAL, "intruder", 300, otherId, last.signature(), null);
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(other.getPrivate());
        signer.update(AuditExportVerifier.checkpointMessage(forged.toRecord()));
        insert(new Checkpoint(forged.number(), forged.lastSeq(), forged.lastHash(), forged.signedAt(), forged.reason(),
                forged.replica(), forged.intervalSeconds(), otherId, forged.prevSignature(),
                Base64.getEncoder().encodeToString(signer.sign())));

        JsonPath report = verify();
        assertFalse(report.getBoolean("valid"));
        assertEquals("bad-signature", report.getString("first_broken.kind"));
        assertEquals(last.number() + 1, report.getLong("first_broken.checkpoint"));
        assertEquals(last.lastSeq() + 1, report.getLong("first_broken.seq"), "the first entry after the last good checkpoint");
        assertTrue(report.getString("first_broken.problem").contains("not trusted"), report.getString("first_broken.problem"));
    }

    @Test
    void aCheckpointThatCameTooLateSaysOnesAreMissing() {
        loggedOut(20);
        Checkpoint last = checkpoints.take(Checkpoint.Reason.INTERVAL);
        // Signed with the right key, but three intervals after the one before: the ones between are gone.
        insert(new Checkpoint(last.number() + 1, last.lastSeq(), last.lastHash(),
                last.signedAt().plus(Duration.ofSeconds(3 * last.intervalSeconds())), Checkpoint.Reason.INTERVAL,
                last.replica(), last.intervalSeconds(), null, last.signature(), null).signed(keys));

        JsonPath report = verify();
        assertFalse(report.getBoolean("valid"));
        assertEquals("missing-checkpoint", report.getString("first_broken.kind"));
        assertEquals(last.number() + 1, report.getLong("first_broken.checkpoint"));
    }

    @Test
    void theOfflineVerifierAcceptsAnExportAndRefusesItWithOneEntryRemoved() throws Exception {
        loggedOut(20);
        checkpoints.take(Checkpoint.Reason.INTERVAL);
        loggedOut(21);
        checkpoints.take(Checkpoint.Reason.INTERVAL);
        String export = given().auth().oauth2(auditor()).when().get(AUDIT + "/export")
                .then().statusCode(200).contentType("application/x-ndjson").extract().asString();
        Path dir = Files.createDirectories(Path.of("target", "audit-export"));
        Path key = Files.writeString(dir.resolve("checkpoint-public.pem"), keys.publicKeyPem());
        Path whole = Files.writeString(dir.resolve("export.jsonl"), export);
        List<String> lines = new ArrayList<>(export.lines().toList());
        assertEquals("export", AuditExportVerifier.parseLine(lines.get(0)).get("type"));
        assertEquals("end", AuditExportVerifier.parseLine(lines.get(lines.size() - 1)).get("type"));
        lines.removeIf(line -> line.contains("\"type\":\"entry\"") && line.contains("\"seq\":2,"));
        Path cut = Files.write(dir.resolve("export-one-entry-removed.jsonl"), lines, StandardCharsets.UTF_8);

        OfflineVerifier.Run valid = OfflineVerifier.run("--public-key", key.toString(), whole.toString());
        OfflineVerifier.Run broken = OfflineVerifier.run("--public-key", key.toString(), cut.toString());

        assertEquals(0, valid.exit(), valid.output());
        assertTrue(valid.output().startsWith("VALID: 4 entries"), valid.output());
        assertEquals(1, broken.exit(), broken.output());
        assertTrue(broken.output().startsWith("INVALID: missing-entries at seq 2"), broken.output());
    }

    private String loggedOut(int index) {
        String agent = readyAgent(simulator, "111", index);
        logout(manager111(), agent, "End of shift").statusCode(200);
        return agent;
    }

    private long lastSeq() {
        return repository.extent().lastSeq();
    }

    private static AuditEntry withReason(AuditEntry e, String reason) {
        return new AuditEntry(e.seq(), e.id(), e.kind(), e.attemptId(), e.recordedAt(), e.actorSubject(),
                e.actorUsername(), e.actorRoles(), e.clientAddress(), e.userAgent(), e.requestId(), e.targetUserId(),
                e.campaignId(), reason, e.idempotencyKey(), e.outcome(), e.httpStatus(), e.problemType(),
                e.upstreamCode(), e.message(), e.prevHash(), e.entryHash());
    }

    private void update(AuditEntry e) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "UPDATE audit_entry SET reason = ?, prev_hash = ?, entry_hash = ? WHERE seq = ?")) {
            st.setString(1, e.reason());
            st.setString(2, e.prevHash());
            st.setString(3, e.entryHash());
            st.setLong(4, e.seq());
            assertEquals(1, st.executeUpdate());
        }
    }

    private void insert(Checkpoint checkpoint) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement(AuditRows.INSERT_CHECKPOINT)) {
            AuditRows.bind(st, checkpoint);
            st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> record(String line) {
        return AuditExportVerifier.parseLine(line);
    }
}
