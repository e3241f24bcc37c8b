package io.agentmonitor.gateway.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Verifies an export of the audit trail ({@code GET /api/v1/audit/logouts/export}: JSON lines of
 * entries and signed checkpoints in chain order) with nothing but the JDK and the checkpoint public
 * key(s). It is the gateway's own verifier too ({@code GET /api/v1/audit/logouts/verify} runs it over
 * the store), and it runs on its own as a single-file program:
 *
 * <pre>
 * java AuditExportVerifier.java --public-key audit-checkpoint-public.pem [--expected-head LINE_FILE] export.jsonl
 * </pre>
 *
 * It checks every entry's hash and link, every checkpoint's signature (Ed25519, by a trusted key),
 * its place in the checkpoint chain (number and previous signature), that the chain still holds the
 * entry and hash it names, and that no checkpoint is missing by time (one is due every
 * {@code interval_seconds} unless the previous one was taken at shutdown). A checkpoint taken from
 * the SIEM's copy of the {@code audit} log may be given as the expected head: a trail that no longer
 * reaches it was truncated. It exits 0 when the export is valid and 1 with the first break otherwise.
 * <p>
 * Only JDK classes may be used here, so that the file runs without the gateway.
 */
public final class AuditExportVerifier {

    /** The {@code prev_hash} of the first entry. */
    public static final String GENESIS = "0".repeat(64);

    /** The entry fields, in the order they are hashed. */
    static final List<String> ENTRY_FIELDS = List.of("seq", "id", "kind", "attempt_id", "recorded_at",
            "actor_subject", "actor_username", "actor_roles", "client_address", "user_agent", "request_id",
            "target_user_id", "campaign_id", "reason", "idempotency_key", "outcome", "http_status", "problem_type",
            "upstream_code", "message", "prev_hash");

    /** The checkpoint fields, in the order they are signed. */
    static final List<String> CHECKPOINT_FIELDS = List.of("number", "last_seq", "last_hash", "signed_at", "reason",
            "replica", "interval_seconds", "key_id", "prev_signature");

    /** A checkpoint is missing when the next one comes later than this many of its intervals. */
    static final int DUE_INTERVALS = 2;

    /** What kind of break a report names. */
    public enum Kind {
        /** An entry's content or link no longer matches (edited, or re-hashed against a checkpoint). */
        REWRITTEN,
        /** Entries are missing between others. */
        MISSING_ENTRIES,
        /** The newest entries are gone: a checkpoint or the expected head names entries the trail no longer has. */
        TRUNCATED,
        /** A checkpoint is missing: a gap in their numbers or chain, or none when one was due. */
        MISSING_CHECKPOINT,
        /** A checkpoint's signature does not verify, or its key is not trusted. */
        BAD_SIGNATURE,
        /** The export itself is malformed or incomplete. */
        MALFORMED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** The first break: the first seq it concerns, the checkpoint involved (or null), what is wrong. */
    public record Break(Kind kind, long seq, String entryId, Long checkpoint, String problem) {
    }

    /** The verdict: {@code broken} is null when everything holds. */
    public record Result(long entriesChecked, long lastSeq, String lastHash, long checkpointsChecked,
            Map<String, Object> lastCheckpoint, long entriesAfterLastCheckpoint, Break broken) {

        public boolean valid() {
            return broken == null;
        }
    }

    private final Map<String, PublicKey> trusted;
    private final Map<String, Object> expectedHead;

    private long expectedSeq = 1;
    private String prevHash = GENESIS;
    private String lastEntryId;
    private long entriesChecked;
    private long checkpointsChecked;
    private Map<String, Object> lastCheckpoint;
    private boolean expectedSeen;
    private Break broken;
    /** A checkpoint named an entry beyond the last one: a truncation, unless more entries follow (then some are missing). */
    private Break beyondTheEnd;

    /**
     * @param trusted the public keys whose checkpoints are accepted, by key id ({@link #keyId})
     * @param expectedHead a checkpoint taken from the log that the trail must still reach, or null
     */
    public AuditExportVerifier(Map<String, PublicKey> trusted, Map<String, Object> expectedHead) {
        this.trusted = Map.copyOf(trusted);
        this.expectedHead = expectedHead;
        if (expectedHead != null) {
            String problem = signatureProblem(expectedHead);
            if (problem != null) {
                broken = new Break(Kind.BAD_SIGNATURE, asLong(expectedHead.get("last_seq")), null,
                        asLong(expectedHead.get("number")), "the expected head " + problem);
            }
        }
    }

    // ---- The canonical forms -----------------------------------------------------------------------

    /**
     * SHA-256 over the entry's fields as {@code name=length:value} lines ({@code name=~} for null), so
     * no choice of values can make two different entries serialize alike.
     */
    public static String entryHash(Map<String, ?> entry) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical(entry, ENTRY_FIELDS).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The bytes a checkpoint's signature covers. */
    public static byte[] checkpointMessage(Map<String, ?> checkpoint) {
        return canonical(checkpoint, CHECKPOINT_FIELDS).getBytes(StandardCharsets.UTF_8);
    }

    /** A public key's id: SHA-256 of its X.509 (SubjectPublicKeyInfo) encoding, in hex. */
    public static String keyId(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String canonical(Map<String, ?> record, List<String> fields) {
        StringBuilder out = new StringBuilder(512);
        for (String name : fields) {
            Object value = record.get(name);
            out.append(name).append('=');
            if (value == null) {
                out.append('~');
            } else {
                String text = value.toString();
                out.append(text.length()).append(':').append(text);
            }
            out.append('\n');
        }
        return out.toString();
    }

    // ---- Verification ------------------------------------------------------------------------------

    /** Takes the next record of the export (an entry, a checkpoint, or the export's first and last lines). */
    public void accept(Map<String, Object> record) {
        if (broken != null) {
            return;
        }
        Object type = record.get("type");
        if ("entry".equals(type)) {
            entry(record);
        } else if ("checkpoint".equals(type)) {
            checkpoint(record);
        }
    }

    /** The verdict once every record was given; {@code now} is when the trail was read (the export's time). */
    public Result finish(Instant now) {
        if (broken == null) {
            broken = beyondTheEnd;
        }
        if (broken == null && expectedHead != null && !expectedSeen) {
            long headSeq = asLong(expectedHead.get("last_seq"));
            long lastSeq = expectedSeq - 1;
            broken = headSeq > lastSeq
                    ? new Break(Kind.TRUNCATED, lastSeq + 1, null, asLong(expectedHead.get("number")),
                            "the expected head (checkpoint " + expectedHead.get("number") + ") names entry " + headSeq
                                    + " but the trail ends at entry " + lastSeq)
                    : new Break(Kind.MISSING_CHECKPOINT, vouchedUpTo() + 1, null, asLong(expectedHead.get("number")),
                            "the expected head (checkpoint " + expectedHead.get("number") + ") is not in the trail");
        }
        if (broken == null && lastCheckpoint == null && expectedSeq > 1) {
            broken = new Break(Kind.MISSING_CHECKPOINT, 1, null, null, "no checkpoint vouches for the trail");
        }
        if (broken == null && lastCheckpoint != null && now != null && !"shutdown".equals(lastCheckpoint.get("reason"))) {
            Instant due = due(lastCheckpoint);
            if (due != null && now.isAfter(due)) {
                broken = new Break(Kind.MISSING_CHECKPOINT, vouchedUpTo() + 1, null,
                        asLong(lastCheckpoint.get("number")) + 1, "the newest checkpoint ("
                                + lastCheckpoint.get("number") + ") was signed at " + lastCheckpoint.get("signed_at")
                                + " and one was due every " + lastCheckpoint.get("interval_seconds")
                                + " s: newer checkpoints were deleted, or none could be written");
            }
        }
        long lastSeq = expectedSeq - 1;
        return new Result(entriesChecked, lastSeq, broken == null ? prevHash : null, checkpointsChecked,
                lastCheckpoint, lastCheckpoint == null ? lastSeq : lastSeq - vouchedUpTo(), broken);
    }

    private void entry(Map<String, Object> entry) {
        long seq = asLong(entry.get("seq"));
        String id = (String) entry.get("id");
        if (beyondTheEnd != null && seq == expectedSeq) {
            broken = new Break(Kind.MALFORMED, beyondTheEnd.seq(), null, beyondTheEnd.checkpoint(),
                    "checkpoint " + beyondTheEnd.checkpoint() + " comes before the entries it names");
            return;
        }
        if (seq != expectedSeq) {
            broken = seq > expectedSeq
                    ? new Break(Kind.MISSING_ENTRIES, expectedSeq, null, null,
                            "entry " + expectedSeq + " is missing (next entry is " + seq + ")")
                    : new Break(Kind.MALFORMED, seq, id, null, "entry " + seq + " is out of order");
            return;
        }
        if (!prevHash.equals(entry.get("prev_hash"))) {
            broken = new Break(Kind.REWRITTEN, seq, id, null, "previous hash does not match the entry before it");
            return;
        }
        if (!entryHash(entry).equals(entry.get("entry_hash"))) {
            broken = new Break(Kind.REWRITTEN, seq, id, null, "content does not match its hash");
            return;
        }
        entriesChecked++;
        expectedSeq++;
        prevHash = (String) entry.get("entry_hash");
        lastEntryId = id;
    }

    private void checkpoint(Map<String, Object> checkpoint) {
        if (beyondTheEnd != null) {
            return;
        }
        long number = asLong(checkpoint.get("number"));
        long seq = asLong(checkpoint.get("last_seq"));
        long expectedNumber = lastCheckpoint == null ? 1 : asLong(lastCheckpoint.get("number")) + 1;
        long from = vouchedUpTo() + 1;
        if (number != expectedNumber) {
            broken = number > expectedNumber
                    ? new Break(Kind.MISSING_CHECKPOINT, from, null, expectedNumber, "checkpoint " + expectedNumber
                            + " is missing (next checkpoint is " + number + ")")
                    : new Break(Kind.MALFORMED, seq, null, number, "checkpoint " + number + " is out of order");
            return;
        }
        String problem = signatureProblem(checkpoint);
        if (problem != null) {
            broken = new Break(Kind.BAD_SIGNATURE, from, null, number, "checkpoint " + number + " " + problem);
            return;
        }
        String previous = lastCheckpoint == null ? "" : (String) lastCheckpoint.get("signature");
        if (!previous.equals(checkpoint.get("prev_signature"))) {
            broken = new Break(Kind.MISSING_CHECKPOINT, from, null, number, "checkpoint " + number
                    + " does not follow the checkpoint before it (a checkpoint between them is missing)");
            return;
        }
        if (lastCheckpoint != null && !"shutdown".equals(lastCheckpoint.get("reason"))) {
            Instant due = due(lastCheckpoint);
            Instant signed = instant(checkpoint.get("signed_at"));
            if (due != null && signed != null && signed.isAfter(due)) {
                broken = new Break(Kind.MISSING_CHECKPOINT, from, null, number, "no checkpoint between "
                        + lastCheckpoint.get("signed_at") + " and " + checkpoint.get("signed_at") + ", though one was due every "
                        + lastCheckpoint.get("interval_seconds") + " s: checkpoints were deleted, or the gateway "
                        + "stopped without its shutdown checkpoint");
                return;
            }
        }
        long lastSeq = expectedSeq - 1;
        if (seq > lastSeq) {
            beyondTheEnd = new Break(Kind.TRUNCATED, lastSeq + 1, null, number, "checkpoint " + number + " names entry " + seq
                    + " but the trail ends at entry " + lastSeq);
            return;
        }
        if (seq < lastSeq) {
            broken = new Break(Kind.MALFORMED, seq, null, number, "checkpoint " + number + " is out of order");
            return;
        }
        if (!prevHash.equals(checkpoint.get("last_hash"))) {
            broken = new Break(Kind.REWRITTEN, from, null, number, "entries " + from + " to " + seq
                    + " no longer match checkpoint " + number + ": one of them was rewritten and the hashes after it recomputed");
            return;
        }
        if (expectedHead != null && number == asLong(expectedHead.get("number"))) {
            if (!checkpoint.get("signature").equals(expectedHead.get("signature"))) {
                broken = new Break(Kind.REWRITTEN, from, null, number, "checkpoint " + number
                        + " differs from the expected head taken from the log");
                return;
            }
            expectedSeen = true;
        }
        checkpointsChecked++;
        lastCheckpoint = checkpoint;
    }

    /** Why the checkpoint's signature does not hold, or null when it does. */
    private String signatureProblem(Map<String, Object> checkpoint) {
        PublicKey key = trusted.get(String.valueOf(checkpoint.get("key_id")));
        if (key == null) {
            return "is signed by a key that is not trusted (key id " + checkpoint.get("key_id") + ")";
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(checkpointMessage(checkpoint));
            if (!verifier.verify(Base64.getDecoder().decode(String.valueOf(checkpoint.get("signature"))))) {
                return "has a signature that does not verify";
            }
            return null;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return "has a signature that does not verify (" + e.getMessage() + ")";
        }
    }

    private long vouchedUpTo() {
        return lastCheckpoint == null ? 0 : asLong(lastCheckpoint.get("last_seq"));
    }

    private static Instant due(Map<String, Object> checkpoint) {
        Instant signed = instant(checkpoint.get("signed_at"));
        Object interval = checkpoint.get("interval_seconds");
        return signed == null || interval == null ? null
                : signed.plus(Duration.ofSeconds(asLong(interval)).multipliedBy(DUE_INTERVALS));
    }

    private static Instant instant(Object value) {
        try {
            return value == null ? null : Instant.parse(value.toString());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static long asLong(Object value) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        try {
            return value == null ? -1 : Long.parseLong(value.toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // ---- Keys --------------------------------------------------------------------------------------

    private static final Pattern PEM_PUBLIC = Pattern.compile(
            "-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----");

    /** Every {@code PUBLIC KEY} block of a PEM text (Ed25519), by key id. */
    public static Map<String, PublicKey> publicKeys(String pem) {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        Matcher block = PEM_PUBLIC.matcher(pem);
        while (block.find()) {
            byte[] der = Base64.getMimeDecoder().decode(block.group(1));
            try {
                PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
                keys.put(keyId(key), key);
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
            }
        }
        return keys;
    }

    // ---- JSON lines (flat objects only: strings, numbers, booleans, null) --------------------------

    /** One line of the export as a map; throws {@link IllegalArgumentException} for anything else. */
    public static Map<String, Object> parseLine(String line) {
        return new FlatJson(line).object();
    }

    private static final class FlatJson {
        private final String text;
        private int at;

        FlatJson(String text) {
            this.text = text;
        }

        Map<String, Object> object() {
            Map<String, Object> object = new LinkedHashMap<>();
            skipSpace();
            expect('{');
            skipSpace();
            if (peek() == '}') {
                at++;
                return end(object);
            }
            while (true) {
                skipSpace();
                String name = string();
                skipSpace();
                expect(':');
                skipSpace();
                object.put(name, value());
                skipSpace();
                char next = next();
                if (next == '}') {
                    return end(object);
                }
                if (next != ',') {
                    throw new IllegalArgumentException("expected , or } at " + at);
                }
            }
        }

        private Map<String, Object> end(Map<String, Object> object) {
            skipSpace();
            if (at != text.length()) {
                throw new IllegalArgumentException("unexpected text after the object at " + at);
            }
            return object;
        }

        private Object value() {
            char c = peek();
            if (c == '"') {
                return string();
            }
            if (text.startsWith("null", at)) {
                at += 4;
                return null;
            }
            if (text.startsWith("true", at)) {
                at += 4;
                return Boolean.TRUE;
            }
            if (text.startsWith("false", at)) {
                at += 5;
                return Boolean.FALSE;
            }
            int start = at;
            while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
            String number = text.substring(start, at);
            if (number.isEmpty()) {
                throw new IllegalArgumentException("unexpected character at " + start);
            }
            return number.matches("-?\\d{1,18}") ? (Object) Long.parseLong(number) : number;
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char escaped = next();
                switch (escaped) {
                    case '"', '\\', '/' -> out.append(escaped);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (at + 4 > text.length()) {
                            throw new IllegalArgumentException("short \\u escape at " + at);
                        }
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> throw new IllegalArgumentException("bad escape at " + at);
                }
            }
        }

        private void expect(char c) {
            if (next() != c) {
                throw new IllegalArgumentException("expected " + c + " at " + (at - 1));
            }
        }

        private char next() {
            if (at >= text.length()) {
                throw new IllegalArgumentException("unexpected end of line");
            }
            return text.charAt(at++);
        }

        private char peek() {
            if (at >= text.length()) {
                throw new IllegalArgumentException("unexpected end of line");
            }
            return text.charAt(at);
        }

        private void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }
    }

    // ---- The program -------------------------------------------------------------------------------

    /** Verifies an export file (or standard input, {@code -}); exit 0 valid, 1 broken, 2 usage. */
    public static void main(String[] args) throws IOException {
        List<String> keyFiles = new ArrayList<>();
        String headFile = null;
        String export = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--public-key" -> keyFiles.add(i + 1 < args.length ? args[++i] : null);
                case "--expected-head" -> headFile = i + 1 < args.length ? args[++i] : null;
                default -> export = args[i];
            }
        }
        if (keyFiles.isEmpty() || keyFiles.contains(null) || export == null) {
            System.err.println("usage: java AuditExportVerifier.java --public-key KEY.pem [--public-key OLD.pem ...] "
                    + "[--expected-head CHECKPOINT.json] EXPORT.jsonl");
            System.exit(2);
        }
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        for (String file : keyFiles) {
            keys.putAll(publicKeys(Files.readString(Path.of(file))));
        }
        Map<String, Object> head = headFile == null ? null : parseLine(Files.readString(Path.of(headFile)).trim());
        AuditExportVerifier verifier = new AuditExportVerifier(keys, head);
        Instant exportedAt = null;
        boolean complete = false;
        long lineNumber = 0;
        Result result;
        try (BufferedReader lines = "-".equals(export)
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(export), StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                Map<String, Object> record = parseLine(line);
                if ("export".equals(record.get("type"))) {
                    exportedAt = instant(record.get("exported_at"));
                } else if ("end".equals(record.get("type"))) {
                    complete = true;
                }
                verifier.accept(record);
            }
            result = verifier.finish(exportedAt);
        } catch (IllegalArgumentException e) {
            System.out.println("INVALID: line " + lineNumber + " is not an export record: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (result.valid() && !complete) {
            System.out.println("INVALID: the export is incomplete (no end line after entry " + result.lastSeq() + ")");
            System.exit(1);
        }
        if (result.valid()) {
            System.out.println("VALID: " + result.entriesChecked() + " entries (last seq " + result.lastSeq() + ", hash "
                    + result.lastHash() + "), " + result.checkpointsChecked() + " checkpoints"
                    + (result.lastCheckpoint() == null ? ""
                            : ", the newest " + result.lastCheckpoint().get("number") + " at seq "
                                    + result.lastCheckpoint().get("last_seq") + " signed "
                                    + result.lastCheckpoint().get("signed_at") + " by "
                                    + result.lastCheckpoint().get("replica"))
                    + "; " + result.entriesAfterLastCheckpoint() + " entries after it");
            System.exit(0);
        }
        Break b = result.broken();
        System.out.println("INVALID: " + b.kind().wireName() + " at seq " + b.seq()
                + (b.checkpoint() == null ? "" : " (checkpoint " + b.checkpoint() + ")") + ": " + b.problem());
        System.exit(1);
    }
}
