package io.agentmonitor.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A gateway started without a checkpoint key (no Secret, no key file yet), as the embedded default
 * is on its first run: it makes one, keeps it in a file only its user may read, signs with it and
 * prints its public key for the auditors.
 */
@QuarkusTest
@TestProfile(CheckpointKeyFirstRunTest.NoKeyYet.class)
class CheckpointKeyFirstRunTest {

    static final Path DIR = Path.of("target", "first-run-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
    static final Path KEY = DIR.resolve("audit-checkpoint-key.pem");
    static final Path LOG = DIR.resolve("gateway.log");

    public static class NoKeyYet implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("%test.gateway.audit.checkpoints.key-file", KEY.toString(),
                    "quarkus.log.file.enabled", "true", "quarkus.log.file.path", LOG.toString());
        }
    }

    @Inject
    CheckpointKeys keys;

    @Test
    void theFirstRunMakesAKeyFileOnlyItsUserReadsAndPrintsThePublicKey() throws Exception {
        assertTrue(Files.exists(KEY), "no key file at " + KEY);
        String pem = Files.readString(KEY);
        assertTrue(pem.contains("-----BEGIN PRIVATE KEY-----") && pem.contains("-----BEGIN PUBLIC KEY-----"), pem.length() + " chars");
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(KEY));

        // The file's public key is the one that signs, and the one printed.
        assertEquals(Set.of(keys.keyId()), AuditExportVerifier.publicKeys(pem).keySet());
        String log = Files.readString(LOG);
        assertTrue(log.contains("Generated the audit checkpoint key " + KEY.toAbsolutePath()), "no warning in " + LOG);
        assertTrue(log.contains(keys.publicKeyPem().strip()), "the public key is not in the log");
        assertFalse(log.contains("BEGIN PRIVATE KEY"), "the private key reached the log");
    }
}
