/**
 * Verifies `x-amzn-oidc-data`, the user token that the ALB signs after Cognito sign-in. The ALB
 * encodes each segment as base64url *with* `=` padding and signs the segments exactly as sent, so
 * the token is checked as received and never re-encoded.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html
 */
import { compactVerify, errors as joseErrors } from 'jose';
import { TokenRejectedError } from './errors.js';
import { KID_PATTERN, type GetKey } from './keys.js';

export interface TokenVerifierOptions {
  /** ARNs of the load balancers allowed to sign; a token from any other is rejected. */
  signers: readonly string[];
  /** The Cognito app client id that the ALB authenticates with. */
  clientId: string;
  /** The identity provider's issuer, in the token header and payload. */
  issuer: string;
  getKey: GetKey;
  /** Seconds of clock difference accepted on `exp`. */
  clockToleranceSec?: number;
  now?: () => number;
}

/** The signed-in user, from a verified token. */
export interface AlbUser {
  sub: string;
  email?: string;
  emailVerified?: boolean;
  username?: string;
  /** Token expiry, seconds since the epoch. */
  exp: number;
  /** Every claim of the payload, for display. */
  claims: Record<string, unknown>;
}

export type VerifyToken = (token: string | undefined) => Promise<AlbUser>;

/** A header of four shards of session cookies is far smaller; longer input is not an ALB token. */
const MAX_TOKEN_LENGTH = 16 * 1024;

const SEGMENT = '[A-Za-z0-9_-]+={0,2}';
const TOKEN_PATTERN = new RegExp(`^${SEGMENT}\\.${SEGMENT}\\.${SEGMENT}$`);

/** A 64-byte ES256 signature, base64url with its `==` padding. */
const SIGNATURE_LENGTH = 88;

/** The last second that a JavaScript Date can show; a later exp cannot be real. */
const MAX_EXP = 8.64e12;

export function createTokenVerifier(options: TokenVerifierOptions): VerifyToken {
  const tolerance = options.clockToleranceSec ?? 5;
  const now = options.now ?? (() => Date.now() / 1000);
  const signers = new Set(options.signers);

  return async (token) => {
    // check the shape before decoding anything
    if (!token) throw new TokenRejectedError('token_missing', 'no x-amzn-oidc-data header');
    checkShape(token);

    // check header and payload first, so that a token that fails them causes no key fetch
    const [headerSegment, payloadSegment] = token.split('.') as [string, string, string];
    const header = decodeJson(headerSegment, 'header');
    checkHeader(header, { signers, clientId: options.clientId, issuer: options.issuer });
    checkExpiry(header.exp, now(), tolerance, 'header');
    const payload = decodeJson(payloadSegment, 'payload');
    if (payload.iss !== options.issuer) {
      throw new TokenRejectedError(
        'issuer_mismatch',
        `payload iss ${show(payload.iss)} does not match COGNITO_ISSUER`,
      );
    }
    checkExpiry(payload.exp, now(), tolerance, 'payload');
    const user = toUser(payload);

    // check the signature over the segments as received
    const key = await options.getKey(header.kid as string);
    await verifySignature(token, key);
    return user;
  };
}

/**
 * Checks that the token is three padded base64url segments. The ALB pads every segment, so each
 * length is a multiple of 4, and accepting unpadded forms would give one token several spellings.
 * NOTE: AWS announced in 2019 that it would drop the padding
 * (https://github.com/auth0/node-jws/pull/84), yet tokens still carry it, signature included. If it ever goes, every token fails here with
 * token_malformed, and this is the check to relax.
 */
function checkShape(token: string): void {
  const segments = token.split('.');
  if (
    token.length > MAX_TOKEN_LENGTH ||
    !TOKEN_PATTERN.test(token) ||
    segments.some((segment) => segment.length % 4 !== 0)
  ) {
    throw new TokenRejectedError('token_malformed', 'token is not three padded base64url segments');
  }
  if (segments[2]!.length !== SIGNATURE_LENGTH) {
    throw new TokenRejectedError('token_malformed', 'token signature is not 64 bytes');
  }
}

/** Shows a claim value in a message: strings and numbers, cut short, and the type of anything else. */
function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 200));
  if (typeof value === 'number') return String(value);
  return value === null ? 'null' : typeof value;
}

function decodeJson(segment: string, part: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw new TokenRejectedError('token_malformed', `token ${part} is not base64url JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TokenRejectedError('token_malformed', `token ${part} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

interface Expected {
  signers: Set<string>;
  clientId: string;
  issuer: string;
}

function checkHeader(header: Record<string, unknown>, expected: Expected): void {
  if (header.alg !== 'ES256') {
    throw new TokenRejectedError('alg_not_allowed', `alg ${show(header.alg)} is not ES256`);
  }
  if (typeof header.kid !== 'string' || !KID_PATTERN.test(header.kid)) {
    throw new TokenRejectedError('kid_invalid', `kid ${show(header.kid)} is not a UUID`);
  }
  if (typeof header.signer !== 'string' || !expected.signers.has(header.signer)) {
    throw new TokenRejectedError(
      'signer_mismatch',
      `signer ${show(header.signer)} is not in ALB_ARN`,
    );
  }
  if (header.client !== expected.clientId) {
    throw new TokenRejectedError(
      'client_mismatch',
      `client ${show(header.client)} does not match COGNITO_CLIENT_ID`,
    );
  }
  if (header.iss !== expected.issuer) {
    throw new TokenRejectedError(
      'issuer_mismatch',
      `header iss ${show(header.iss)} does not match COGNITO_ISSUER`,
    );
  }
}

function checkExpiry(exp: unknown, now: number, tolerance: number, part: string): void {
  if (typeof exp !== 'number' || !Number.isFinite(exp)) {
    throw new TokenRejectedError('claims_invalid', `token ${part} has no numeric exp`);
  }
  if (exp > MAX_EXP) {
    throw new TokenRejectedError('claims_invalid', `token ${part} exp ${exp} is out of range`);
  }
  if (exp + tolerance <= now) {
    throw new TokenRejectedError('token_expired', `token ${part} expired at ${exp}`);
  }
}

async function verifySignature(token: string, key: Awaited<ReturnType<GetKey>>): Promise<void> {
  try {
    await compactVerify(token, key, { algorithms: ['ES256'] });
  } catch (error) {
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
      throw new TokenRejectedError('signature_invalid', 'token signature does not verify');
    }
    throw new TokenRejectedError('token_malformed', `token rejected by jose: ${String(error)}`);
  }
}

function toUser(payload: Record<string, unknown>): AlbUser {
  if (typeof payload.sub !== 'string' || payload.sub === '') {
    throw new TokenRejectedError('claims_invalid', 'token payload has no sub');
  }
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

  // Cognito sends email_verified as the string "true"; other providers send a boolean.
  const verified = payload.email_verified;
  return {
    sub: payload.sub,
    email: text(payload.email),
    emailVerified: verified === undefined ? undefined : verified === true || verified === 'true',
    username: text(payload.username) ?? text(payload['cognito:username']),
    exp: payload.exp as number,
    claims: payload,
  };
}
