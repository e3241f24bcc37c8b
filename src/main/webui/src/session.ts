import Keycloak from 'keycloak-js';

import type { WallboardConfig } from './types';

/** At most this long before its expiry is a token refreshed (the realm issues 5-minute tokens). */
const MAX_REFRESH_LEAD_SECONDS = 60;
const REFRESH_CHECK_MS = 2_000;

/** The identity provider's session ended (its maximum lifespan, a sign-out elsewhere): sign in again. */
export class SessionEnded extends Error {
  constructor() {
    super('Your sign-in has ended.');
    this.name = 'SessionEnded';
  }
}

/**
 * The signed-in user: authorization code flow with PKCE against the realm's public dashboard
 * client (keycloak-js). Tokens stay in this object's memory, never in localStorage or a URL
 * (keycloak-js keeps only the short-lived PKCE state there during the redirect), and are refreshed
 * a minute before they expire (a quarter of their life for short-lived ones). A reload costs no
 * password: Keycloak's own session signs the user in again. When that session has ended, the page
 * is told ({@link SessionEnded}) and offers to sign in again rather than retrying.
 */
export class Session {
  private ended = false;

  private constructor(private readonly keycloak: Keycloak) {}

  /** Signs in (redirecting to Keycloak's login form when needed); resolves once tokens are held. */
  static async start(config: WallboardConfig): Promise<Session> {
    const keycloak = new Keycloak({ url: config.keycloak_url, realm: config.realm, clientId: config.client_id });
    const authenticated = await keycloak.init({
      // check-sso, then an explicit login: with login-required, keycloak-js would send the page to
      // the login form by itself as soon as a refresh fails, before the page could say why.
      onLoad: 'check-sso',
      pkceMethod: 'S256',
      // The status iframe needs third-party cookies and a frame-src exception; refresh is enough.
      checkLoginIframe: false,
      responseMode: 'fragment',
    });
    if (!authenticated) {
      await keycloak.login();
    }
    const session = new Session(keycloak);
    keycloak.onTokenExpired = () => void session.refresh(session.lead()).catch(() => undefined);
    window.setInterval(() => void session.refresh(session.lead()).catch(() => undefined), REFRESH_CHECK_MS);
    return session;
  }

  /** A valid access token; {@code force} refreshes even a fresh one (after a 401). */
  async token(force = false): Promise<string> {
    await this.refresh(force ? -1 : this.lead());
    const token = this.keycloak.token;
    if (!token) throw new SessionEnded();
    return token;
  }

  /** When the current access token expires, in this browser's clock (ms), or undefined. */
  expiresAt(): number | undefined {
    const exp = this.keycloak.tokenParsed?.exp;
    return exp === undefined ? undefined : (exp + (this.keycloak.timeSkew ?? 0)) * 1000;
  }

  /** How long before its expiry the token is refreshed, in seconds. */
  lead(): number {
    const parsed = this.keycloak.tokenParsed;
    const lifetime = parsed?.exp !== undefined && parsed.iat !== undefined ? parsed.exp - parsed.iat : 300;
    return Math.min(MAX_REFRESH_LEAD_SECONDS, Math.max(4, lifetime / 3));
  }

  /** Signs in again through Keycloak's form (after the session ended). */
  signIn(): Promise<void> {
    return this.keycloak.login();
  }

  /** Ends the Keycloak session too, then comes back to the page (which asks for a new sign-in). */
  signOut(): Promise<void> {
    return this.keycloak.logout({ redirectUri: `${window.location.origin}/` });
  }

  private async refresh(minValidity: number): Promise<void> {
    if (this.ended) throw new SessionEnded();
    try {
      await this.keycloak.updateToken(minValidity);
    } catch {
      // The Keycloak session ended (its maximum lifespan, signed out elsewhere, idle timeout).
      this.ended = true;
      throw new SessionEnded();
    }
  }
}
