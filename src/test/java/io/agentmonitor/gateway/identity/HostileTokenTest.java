package io.agentmonitor.gateway.identity;

import static io.agentmonitor.gateway.identity.Refusals.SNAPSHOT;
import static io.agentmonitor.gateway.identity.Refusals.assertRefused;
import static io.agentmonitor.gateway.identity.Refusals.assertUnauthorized;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.agentmonitor.gateway.TestTokens;
import io.agentmonitor.gateway.security.TokenRefusal;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;

/**
 * Hostile and broken tokens against the gateway, signed (or not) with the test OIDC server's keys:
 * each one is a 401 that says only whether the token was missing, not valid or expired, and no data.
 */
@QuarkusTest
class HostileTokenTest {

    /** Everything right: the realm's issuer, audience and key, and the role that sees every campaign. */
    private static JwtClaimsBuilder admin() {
        return TestTokens.claims("mallory", List.of("monitor-viewer", "monitor-admin"), List.of());
    }

    private static Map<String, Object> adminClaims() {
        return TokenForgery.payload(admin().sign("privateKey.jwk"));
    }

    @Test
    void theUnalteredTokenIsAccepted() {
        // The baseline the forgeries below are made from.
        given().auth().oauth2(admin().sign("privateKey.jwk")).when().get(SNAPSHOT).then().statusCode(200);
    }

    @Test
    void requestWithoutTokenIsRefused() {
        assertUnauthorized(given().when().get(SNAPSHOT), TokenRefusal.MISSING);
    }

    @Test
    void emptyBearerIsRefused() {
        assertUnauthorized(given().header("Authorization", "Bearer ").when().get(SNAPSHOT), TokenRefusal.MISSING);
    }

    @ParameterizedTest
    @ValueSource(strings = { "not-a-token", "a.b.c", "....", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0",
            "eyJhbGciOiJSUzI1NiJ9.e30.e30", "%00%ff" })
    void malformedTokenIsRefused(String token) {
        assertRefused(token);
    }

    @Test
    void unsignedTokenIsRefused() {
        assertRefused(TokenForgery.unsigned(adminClaims()));
    }

    @Test
    void tokenWithAlteredSignatureIsRefused() {
        assertRefused(TokenForgery.alteredSignature(admin().sign("privateKey.jwk")));
    }

    @Test
    void tokenWithAlteredClaimsIsRefused() {
        String supervisor = TestTokens.supervisor();
        assertRefused(TokenForgery.withClaims(supervisor, adminClaims()));
    }

    @Test
    void expiredTokenIsRefusedAsExpired() {
        long now = Instant.now().getEpochSecond();
        assertRefused(admin().issuedAt(now - 900).expiresAt(now - 600).sign("privateKey.jwk"), TokenRefusal.EXPIRED);
    }

    @Test
    void expiredTokenWithAForgedSignatureIsOnlyNotValid() throws NoSuchAlgorithmException {
        // "Expired" would tell a forger that the rest of the token passed.
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        long now = Instant.now().getEpochSecond();
        assertRefused(admin().issuedAt(now - 900).expiresAt(now - 600).jws().keyId("1")
                .sign(generator.generateKeyPair().getPrivate()), TokenRefusal.INVALID);
        assertRefused(TokenForgery.alteredSignature(admin().issuedAt(now - 900).expiresAt(now - 600)
                .sign("privateKey.jwk")), TokenRefusal.INVALID);
    }

    @Test
    void tokenNotYetValidIsRefused() {
        long now = Instant.now().getEpochSecond();
        assertRefused(admin().claim("nbf", now + 600).sign("privateKey.jwk"));
    }

    @Test
    void tokenIssuedInTheFutureIsRefused() {
        long now = Instant.now().getEpochSecond();
        assertRefused(admin().issuedAt(now + 600).expiresAt(now + 900).sign("privateKey.jwk"));
    }

    @Test
    void tokenOfAnotherIssuerIsRefused() {
        assertRefused(admin().issuer("https://evil.example.com/realms/agent-monitor").sign("privateKey.jwk"));
    }

    @Test
    void tokenForAnotherAudienceIsRefused() {
        assertRefused(admin().audience("agent-monitor-dashboard").sign("privateKey.jwk"));
    }

    @Test
    void tokenWithoutAudienceIsRefused() {
        Map<String, Object> claims = new java.util.HashMap<>(adminClaims());
        claims.remove("aud");
        assertRefused(Jwt.claims(claims).jws().keyId("1").sign("privateKey.jwk"));
    }

    @Test
    void tokenSignedWithAnotherKeyUnderTheRealmsKidIsRefused() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        PrivateKey otherKey = generator.generateKeyPair().getPrivate();
        assertRefused(admin().jws().keyId("1").sign(otherKey));
    }

    @Test
    void tokenWhoseKidPointsNowhereIsRefused() throws IOException {
        // The realm's own private key, so that only the key ID is wrong.
        PrivateKey realmKey = (PrivateKey) KeyUtils.readSigningKey("privateKey.jwk", null);
        String token = admin().jws().keyId("no-such-key").sign(realmKey);
        assertEquals("no-such-key", TokenForgery.header(token).get("kid"));
        assertRefused(token);
    }

    @Test
    void hs256SignedWithTheRealmsPublicKeyIsRefused() throws IOException {
        PublicKey publicKey = realmPublicKey();
        assertRefused(TokenForgery.hs256("1", adminClaims(), TokenForgery.pem(publicKey)));
        assertRefused(TokenForgery.hs256("1", adminClaims(), publicKey.getEncoded()));
    }

    @Test
    void oversizedTokenIsRefused() {
        // Above 16 KB but within the server's header limit, so it reaches token verification.
        String padded = TestTokens.claims("mallory", List.of("monitor-viewer"), List.of("campaign-111"))
                .claim("padding", "x".repeat(12 * 1024)).sign("privateKey.jwk");
        assertTrue(padded.length() > 16 * 1024 && padded.length() < 19 * 1024, () -> padded.length() + " bytes");
        assertRefused(TokenForgery.alteredSignature(padded));
        assertRefused("x".repeat(17 * 1024));
        assertRefused("x".repeat(6 * 1024) + "." + "y".repeat(6 * 1024) + "." + "z".repeat(5 * 1024));
    }

    @Test
    void headerAboveTheServersLimitIsRefusedWithoutAServerError() throws IOException {
        assertThat(statusOfOversizedRequest("Authorization: Bearer " + "x".repeat(64 * 1024)), anyOf(is(401), is(431)));
        assertThat(statusOfOversizedRequest("Authorization: Bearer " + TestTokens.admin() + "\r\nX-Filler: "
                + "x".repeat(64 * 1024)), anyOf(is(401), is(431)));
        // The server refused the request, and still serves the next one.
        given().auth().oauth2(TestTokens.admin()).when().get(SNAPSHOT).then().statusCode(200);
    }

    /**
     * The status the gateway answers a request carrying {@code header}, sent over a socket of its own.
     * The server may answer and close before it has read all of an oversized request, so a client
     * that is still writing then sees a broken pipe instead of the answer (as REST Assured does, now
     * and then): a write cut short still reads what the server said, and a connection reset before
     * any answer is tried again, a few times.
     */
    private static int statusOfOversizedRequest(String header) throws IOException {
        byte[] request = ("GET " + SNAPSHOT + " HTTP/1.1\r\nHost: localhost\r\n" + header
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        SocketException reset = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try (Socket socket = new Socket("localhost", RestAssured.port)) {
                socket.setSoTimeout(10_000);
                try {
                    socket.getOutputStream().write(request);
                } catch (SocketException closedWhileWriting) {
                    // The answer, if the server sent one, is still to be read.
                }
                String statusLine = new BufferedReader(
                        new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                assertNotNull(statusLine, "the server closed the connection without an answer");
                return Integer.parseInt(statusLine.split(" ")[1]);
            } catch (SocketException e) {
                reset = e;
            }
        }
        throw reset;
    }

    @Test
    void validTokenWithoutAnyGatewayRoleIsForbidden() {
        given().auth().oauth2(TestTokens.noRole())
                .when().get(SNAPSHOT)
                .then().statusCode(403)
                .body("type", equalTo("/problems/forbidden"));
    }

    @Test
    void rolesSmuggledInHeadersAndUnreadClaimsAreIgnored() {
        String token = TestTokens.claims("mallory", List.of("monitor-viewer"), List.of("campaign-111"))
                .claim("roles", List.of("monitor-admin"))
                .claim("resource_access", Map.of("agent-monitor-dashboard", Map.of("roles", List.of("monitor-admin"))))
                .sign("privateKey.jwk");
        given().auth().oauth2(token)
                .header("X-Roles", "monitor-admin")
                .header("X-Forwarded-Groups", "everything")
                .header("X-Auth-Request-Groups", "everything")
                .header("X-Forwarded-User", "admin")
                .when().get(SNAPSHOT)
                .then().statusCode(200)
                .body("scope.all", is(false))
                .body("scope.campaign_ids", equalTo(List.of("111")));
        given().auth().oauth2(token).header("X-Roles", "monitor-admin")
                .queryParam("campaign_id", "222")
                .when().get(SNAPSHOT)
                .then().statusCode(403);
    }

    @Test
    void rolesInAnUnsignedTokenGrantNothing() {
        Map<String, Object> claims = new java.util.HashMap<>(adminClaims());
        claims.put("groups", List.of("everything"));
        assertRefused(TokenForgery.unsigned(claims));
        assertUnauthorized(given().auth().oauth2(TokenForgery.unsigned(claims)).when().get("/api/v1/me"),
                TokenRefusal.INVALID);
    }

    private static PublicKey realmPublicKey() throws IOException {
        try (InputStream jwk = Thread.currentThread().getContextClassLoader().getResourceAsStream("publicKey.jwk")) {
            return TokenForgery.publicKey(new ObjectMapper().readTree(jwk));
        }
    }
}
