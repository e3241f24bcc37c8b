package io.agentmonitor.gateway.audit;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.agentmonitor.gateway.config.GatewayConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;

/**
 * The Ed25519 key that signs checkpoints, and the public keys verification trusts. The private key
 * comes from configuration (PEM text, for a Secret) or from a PEM file outside the database, which is
 * generated on first run when missing; its public key is then printed, for the auditors to keep.
 * Nothing here ever logs a private key.
 */
// Made at start-up, so that a missing or unusable key stops the gateway there, not at its first use.
@Startup
@ApplicationScoped
public class CheckpointKeys {

    private static final Pattern PEM_PRIVATE = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private final PrivateKey signing;
    private final PublicKey publicKey;
    private final String keyId;
    private final Map<String, PublicKey> trusted;

    CheckpointKeys(GatewayConfig config) {
        GatewayConfig.Checkpoints checkpoints = config.audit().checkpoints();
        String pem = checkpoints.privateKey().isPresent() || checkpoints.publicKey().isPresent()
                ? fromConfig(checkpoints)
                : fromFile(checkpoints.keyFile());
        this.signing = privateKey(pem);
        Map<String, PublicKey> own = AuditExportVerifier.publicKeys(pem);
        if (own.size() != 1) {
            throw new IllegalStateException("gateway.audit.checkpoints: the key must come with exactly one PUBLIC KEY "
                    + "block (found " + own.size() + ")");
        }
        this.keyId = own.keySet().iterator().next();
        this.publicKey = own.get(keyId);
        requireMatch(signing, publicKey);
        Map<String, PublicKey> all = new LinkedHashMap<>(own);
        checkpoints.trustedPublicKeys().ifPresent(more -> all.putAll(AuditExportVerifier.publicKeys(more)));
        this.trusted = Map.copyOf(all);
        Log.infof("Audit checkpoints are signed with Ed25519 key %s; its public key:%n%s", keyId, publicKeyPem());
    }

    /** The key id of the signing key (SHA-256 of its public key). */
    public String keyId() {
        return keyId;
    }

    /** The public keys whose checkpoints verify accepts, by key id: the signing key's and any retired ones. */
    public Map<String, PublicKey> trusted() {
        return trusted;
    }

    /** The signing key's public key as a PEM block. */
    public String publicKeyPem() {
        return pem("PUBLIC KEY", publicKey.getEncoded());
    }

    /** The Ed25519 signature of {@code message}, in base64. */
    String sign(byte[] message) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(signing);
            signer.update(message);
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign an audit checkpoint: " + e.getMessage(), e);
        }
    }

    private static String fromConfig(GatewayConfig.Checkpoints checkpoints) {
        if (checkpoints.privateKey().isEmpty() || checkpoints.publicKey().isEmpty()) {
            throw new IllegalStateException("gateway.audit.checkpoints.private-key and public-key go together: "
                    + "set both, or neither to use the key file");
        }
        return checkpoints.privateKey().get() + "\n" + checkpoints.publicKey().get();
    }

    private static String fromFile(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8);
            }
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            String pem = pem("PRIVATE KEY", pair.getPrivate().getEncoded()) + pem("PUBLIC KEY", pair.getPublic().getEncoded());
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path draft = Files.createTempFile(dir, ".audit-checkpoint-key", ".pem");
            try {
                try {
                    Files.setPosixFilePermissions(draft, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: its own permissions apply
                }
                Files.writeString(draft, pem, StandardCharsets.UTF_8);
                // A link is made whole or not at all: of two replicas starting at once, one key wins and both use it.
                Files.createLink(file, draft);
                Log.warnf("Generated the audit checkpoint key %s: keep it (it is not in the database) and give "
                        + "auditors its public key; in production, set gateway.audit.checkpoints.private-key and "
                        + "public-key from a Secret instead", file.toAbsolutePath());
            } catch (FileAlreadyExistsException e) {
                // another process made it first
            } finally {
                Files.deleteIfExists(draft);
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read or create the audit checkpoint key " + file.toAbsolutePath()
                    + ": " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(String pem) {
        Matcher block = PEM_PRIVATE.matcher(pem);
        if (!block.find()) {
            throw new IllegalStateException("gateway.audit.checkpoints: no PRIVATE KEY block (PKCS#8 PEM, Ed25519)");
        }
        try {
            return KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(block.group(1))));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("gateway.audit.checkpoints: the private key is not an Ed25519 PKCS#8 key",
                    e);
        }
    }

    private static void requireMatch(PrivateKey privateKey, PublicKey publicKey) {
        try {
            byte[] probe = "audit-checkpoint-key-probe".getBytes(StandardCharsets.UTF_8);
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(privateKey);
            signer.update(probe);
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey);
            verifier.update(probe);
            if (!verifier.verify(signer.sign())) {
                throw new IllegalStateException("gateway.audit.checkpoints: the public key is not the private key's");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("gateway.audit.checkpoints: the keys cannot be used: " + e.getMessage(), e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
