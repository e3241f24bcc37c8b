import Keycloak from 'keycloak-js';

import type { WallboardConfig } from './types';

/** Refresh the access token when it has less than this left (the realm issues 5-minute tokens). */
const MIN_VALIDITY_SECONDS = 60;
const REFRESH_CHECK_MS = 20_000;

/**
 * The signed-in user: authorization code flow with PKCE against the realm's public dashboard
 * client (keycloak-js). Tokens stay in this object's memory, never in localStorage or a URL
 * (keycloak-js keeps only the short-lived PKCE state there during the redirect), and are refreshed
 * before they expire. A reload costs no password: Keycloak's own session signs the user in again.
 */
export class Session {
  private constructor(private readonly keycloak: Keycloak) {}

  /** Signs in (redirecting to Keycloak's login form when needed); resolves once tokens are held. */
  static async start(config: WallboardConfig): Promise<Session> {
    const keycloak = new Keycloak({ url: config.keycloak_url, realm: config.realm, clientId: config.client_id });
    const authenticated = await keycloak.init({
      onLoad: 'login-required',
      pkceMethod: 'S256',
      // The status iframe needs third-party cookies and a frame-src exception; refresh is enough.
      checkLoginIframe: false,
      responseMode: 'fragment',
    });
    if (!authenticated) {
      await keycloak.login();
    }
    const session = new Session(keycloak);
    keycloak.onTokenExpired = () => void session.refresh(MIN_VALIDITY_SECONDS);
    window.setInterval(() => void session.refresh(MIN_VALIDITY_SECONDS), REFRESH_CHECK_MS);
    return session;
  }

  /** A valid access token; {@code force} refreshes even a fresh one (after a 401). */
  async token(force = false): Promise<string> {
    await this.refresh(force ? -1 : MIN_VALIDITY_SECONDS);
    const token = this.keycloak.token;
    if (!token) throw new Error('not signed in');
    return token;
  }

  /** Ends the Keycloak session too, then comes back to the page (which asks for a new sign-in). */
  signOut(): Promise<void> {
    return this.keycloak.logout({ redirectUri: `${window.location.origin}/` });
  }

  private async refresh(minValidity: number): Promise<void> {
    try {
      await this.keycloak.updateToken(minValidity);
    } catch {
      // The Keycloak session ended (signed out elsewhere, idle timeout): sign in again.
      await this.keycloak.login();
    }
  }
}
