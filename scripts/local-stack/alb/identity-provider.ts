/**
 * The stand-in ALB's side of OpenID Connect, through openid-client: the authorize redirect, the
 * code exchange with the client secret and the userinfo call, as the ALB's `authenticate-oidc` and
 * `authenticate-cognito` actions do. Works with the stand-in Cognito, a real Cognito user pool or
 * any OpenID Connect issuer that publishes discovery metadata.
 */
import * as client from 'openid-client';

export interface IdentityProviderConfig {
  /** Issuer URL; `ISSUER/.well-known/openid-configuration` must serve the metadata. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Space-separated scopes; the ALB's default is `openid`. */
  scope: string;
}

export interface SignInResult {
  accessToken: string;
  /** Userinfo claims; `sub` matches the ID token's subject. */
  claims: Record<string, unknown>;
}

export interface IdentityProvider {
  issuer: string;
  authorizationUrl(redirectUri: string, state: string, nonce: string): URL;
  /** Exchanges the code in the callback URL and fetches userinfo; throws when any check fails. */
  completeSignIn(
    callbackUrl: URL,
    expected: { state: string; nonce: string },
  ): Promise<SignInResult>;
}

/** Fetches the issuer's metadata and returns a client for it. */
export async function discoverIdentityProvider(
  config: IdentityProviderConfig,
): Promise<IdentityProvider> {
  const issuerUrl = new URL(config.issuer);
  // Plain HTTP is allowed only for a loopback issuer such as the stand-in Cognito.
  const insecure = issuerUrl.protocol === 'http:' && isLoopback(issuerUrl.hostname);
  const configuration = await client.discovery(
    issuerUrl,
    config.clientId,
    undefined,
    client.ClientSecretBasic(config.clientSecret),
    insecure ? { execute: [client.allowInsecureRequests] } : undefined,
  );
  return {
    issuer: configuration.serverMetadata().issuer,
    authorizationUrl: (redirectUri, state, nonce) =>
      client.buildAuthorizationUrl(configuration, {
        redirect_uri: redirectUri,
        scope: config.scope,
        response_type: 'code',
        state,
        nonce,
      }),
    completeSignIn: (callbackUrl, expected) => completeSignIn(configuration, callbackUrl, expected),
  };
}

async function completeSignIn(
  configuration: client.Configuration,
  callbackUrl: URL,
  expected: { state: string; nonce: string },
): Promise<SignInResult> {
  const redirectUri = `${callbackUrl.origin}${callbackUrl.pathname}`;
  const tokens = await client.authorizationCodeGrant(
    configuration,
    callbackUrl,
    { expectedState: expected.state, expectedNonce: expected.nonce, idTokenExpected: true },
    { redirect_uri: redirectUri },
  );
  const subject = tokens.claims()?.sub;
  if (subject === undefined) throw new Error('token response has no ID token subject');
  const claims = await client.fetchUserInfo(configuration, tokens.access_token, subject);
  return { accessToken: tokens.access_token, claims: { ...claims } };
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}
