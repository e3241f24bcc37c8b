package io.agentmonitor.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * The gateway's own settings. Quarkus owns the rest: the upstream base URL and timeouts are
 * {@code quarkus.rest-client.convoso.*}, the identity provider is {@code quarkus.oidc.*}.
 */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** How the gateway calls the Convoso Agent Monitor API. */
    Upstream upstream();

    /** Which campaigns each role or group may see. */
    Scope scope();

    /** Role names that grant each capability. */
    Roles roles();

    /** Bearer tokens already verified, remembered so that each is verified once. */
    TokenCache tokenCache();

    /** The identity provider's signing keys, read again on a schedule. */
    SigningKeys signingKeys();

    /** What one caller may hold or do at once, so that nobody spends everybody's budget. */
    Limits limits();

    /** The built-in Convoso simulator. */
    Simulator simulator();

    /** The shared snapshot cache: freshness, staleness, size. */
    CacheConfig cache();

    /** The upstream budget and the resilience of upstream calls. */
    BudgetConfig budget();

    /** The logout audit trail and its query API. */
    Audit audit();

    /** Redis, shared by the replicas: snapshot tier, refresh leases, global budget, notices. */
    RedisConfig redis();

    /**
     * Time-in-status thresholds by status code (case-insensitive), for example
     * {@code gateway.thresholds.PAUSED.warn=10m}: an agent is {@code warn} past {@code warn} and
     * {@code alert} past {@code alert}; a status without thresholds is always {@code ok}.
     */
    Map<String, StatusThreshold> thresholds();

    interface StatusThreshold {
        /** Time in the status after which the agent is {@code warn}. */
        Optional<Duration> warn();

        /** Time in the status after which the agent is {@code alert}; not before {@code warn}. */
        Optional<Duration> alert();
    }

    interface Upstream {
        /**
         * The Convoso {@code auth_token}. Never logged, never returned. Supply it through the
         * environment ({@code GATEWAY_UPSTREAM_AUTH_TOKEN}) or a secret in production.
         */
        String authToken();

        /**
         * HTTP method of the search call: {@code POST} with a form body (community
         * documentation) or {@code GET} with query parameters (help-center documentation).
         */
        @WithDefault("POST")
        SearchMethod searchMethod();

        /** Upper bound on one upstream call, on top of the REST client's connect/read timeouts. */
        @WithDefault("5s")
        Duration timeout();

        /**
         * The time zone of the upstream's date-times without an offset ({@code last_state_change}, read
         * when an agent has no {@code status_time_sec}): the Convoso account's zone, for example
         * {@code America/New_York}.
         */
        @WithDefault("UTC")
        ZoneId timeZone();
    }

    enum SearchMethod {
        POST,
        GET
    }

    interface Scope {
        /**
         * Role or group name to campaign IDs, for example
         * {@code gateway.scope.mapping."east-managers"=111,112,113}. The value {@code *} grants
         * every campaign. Names without an entry grant nothing.
         */
        Map<String, List<String>> mapping();

        /**
         * Optional token claim that lists campaign IDs directly (a string, a comma list or an
         * array). Unset means the claim is not consulted.
         */
        Optional<String> claim();
    }

    interface Roles {
        /** Role that may read snapshots of the campaigns in scope. */
        @WithDefault("monitor-viewer")
        String view();

        /** Role that may log out agents whose campaign is in scope. */
        @WithDefault("agent-manager")
        String logout();

        /** Role that may read the audit trail. */
        @WithDefault("auditor")
        String audit();

        /** Role whose scope is every campaign (and who may view). */
        @WithDefault("monitor-admin")
        String admin();
    }

    interface TokenCache {
        /**
         * Verified bearer tokens kept, keyed by the whole token; {@code 0} verifies every token on
         * every request. A kept token is trusted until its {@code exp} (or {@code max-age}), and all
         * are forgotten when the identity provider's signing keys change.
         */
        @WithDefault("10000")
        int maxEntries();

        /** Longest a verified token is trusted without verifying it again, however late its {@code exp}. */
        @WithDefault("5M")
        Duration maxAge();
    }

    interface SigningKeys {
        /**
         * How often the realm's key set (JWKS) is read again, besides the reads a token of an unknown
         * key causes: a key that disappeared is then refused, with its remembered identities and its
         * open streams, although no new key id appeared. {@code 0} reads it only when quarkus-oidc does.
         */
        @WithDefault("3M")
        Duration recheck();
    }

    interface Limits {
        /**
         * Streams one subject may hold open at once, over all replicas (a TV, a phone and a laptop
         * fit); a reconnect with {@code Last-Event-ID} that replaces its own stream counts once.
         */
        @WithDefault("10")
        int streamsPerSubject();

        /**
         * A higher stream limit for holders of some role, for shared wallboard accounts: role name to
         * its limit, for example {@code gateway.limits.streams-per-role.wallboard=200}.
         */
        Map<String, Integer> streamsPerRole();

        /** Distinct live views (scope and filters) one subject may keep alive at once, by reads or streams. */
        @WithDefault("20")
        int viewsPerSubject();

        /** How long a view read by a subject counts among its live views after the last read. */
        @WithDefault("30s")
        Duration viewIdle();

        /** Logout attempts one subject may make per minute, refused ones included. */
        @WithDefault("30")
        int logoutsPerMinute();
    }

    interface Simulator {
        /**
         * Serve the built-in Convoso simulator under {@code /simulator/v1}. Off in production: when
         * off, its endpoints answer 404.
         */
        @WithDefault("false")
        boolean enabled();

        /** The {@code auth_token} the simulator accepts. */
        @WithDefault("demo-convoso-token")
        String authToken();

        /** Seed of the simulated call center; the same seed gives the same agents. */
        @WithDefault("42")
        long seed();

        /** Number of simulated agents. */
        @WithDefault("300")
        int agents();

        /** Campaign IDs of the simulated call center. */
        @WithDefault("111,112,113,222,223,333")
        List<String> campaigns();

        /** Response envelope: {@code flat} (community page) or {@code nested} ({@code data.entries}). */
        @WithDefault("flat")
        Envelope envelope();

        /** Mean added latency of each simulated call. */
        @WithDefault("150ms")
        Duration latency();

        /** Uniform jitter added to or taken from the latency. */
        @WithDefault("50ms")
        Duration latencyJitter();

        /** Calls per second the simulator accepts before it answers like an overloaded upstream. */
        @WithName("rate-limit")
        @WithDefault("20")
        int rateLimit();

        /**
         * How long the simulator holds a call under its {@code SLOW} fault: longer than any sane
         * gateway timeout. The wait is a timer, never a blocked thread.
         */
        @WithDefault("30s")
        Duration slowDelay();
    }

    interface Audit {
        /** Records per page of {@code GET /api/v1/audit/logouts} when the caller names no {@code limit}. */
        @WithDefault("50")
        int pageSize();

        /** Largest {@code limit} a caller may ask for; larger ones are refused with 400. */
        @WithDefault("200")
        int maxPageSize();

        /**
         * Longest wait for the audit store when appending to the chain (lock and inserts). Past it
         * the logout is refused with 503 and the upstream is not called.
         */
        @WithDefault("5s")
        Duration writeTimeout();

        /**
         * How often attempts left without an outcome (the gateway stopped during them) are looked for
         * and recorded as {@code interrupted}; also at start-up.
         */
        @WithDefault("1M")
        Duration interruptedSweep();

        /** Signed checkpoints of the chain head. */
        Checkpoints checkpoints();
    }

    /**
     * When and with which key the chain head is signed. The key is never in the database: a PEM
     * file holding the Ed25519 private key and its public key ({@code key-file}, generated on first
     * run when missing), or both as PEM text ({@code private-key}, {@code public-key}, from a Secret).
     */
    interface Checkpoints {
        /** A checkpoint at least this often, also when nothing happened: a missing one is evidence. */
        @WithDefault("5M")
        Duration interval();

        /** A checkpoint after this many entries since the last one. */
        @WithDefault("100")
        int everyEntries();

        /** PEM file with the {@code PRIVATE KEY} (PKCS#8, Ed25519) and {@code PUBLIC KEY} blocks; made when missing. */
        @WithDefault("data/audit-checkpoint-key.pem")
        Path keyFile();

        /** The private key as PEM text (PKCS#8, Ed25519); with {@code public-key}, takes the place of the key file. */
        Optional<String> privateKey();

        /** The public key of {@code private-key}, as PEM text. */
        Optional<String> publicKey();

        /** More public keys (PEM blocks) whose checkpoints verify accepts: retired keys after a rotation. */
        Optional<String> trustedPublicKeys();
    }

    enum Envelope {
        FLAT,
        NESTED
    }
}
