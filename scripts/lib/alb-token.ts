/**
 * Signs user tokens the way an AWS Application Load Balancer builds `x-amzn-oidc-data`: a JWT whose
 * three segments are base64url *with* `=` padding, signed ES256 over the padded segments, with
 * `signer`, `client`, `iss` and `exp` in the header. The stand-in ALB and the tests both use it.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html
 */
import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';

export interface AlbTokenFields {
  /** The load balancer ARN written to the header's `signer`. */
  signer: string;
  /** The app client id written to the header's `client`. */
  client: string;
  /** The identity provider's issuer, in the header and the payload. */
  issuer: string;
  /** Expiry in seconds since the epoch, in the header and the payload. */
  exp: number;
  /** Userinfo claims copied to the payload. */
  claims: Record<string, unknown>;
  /** Extra or replaced header fields, for tests of malformed tokens. */
  header?: Record<string, unknown>;
  /** Extra or replaced payload fields, for tests of malformed tokens. */
  payload?: Record<string, unknown>;
}

export interface AlbTokenSigner {
  kid: string;
  /** The public key as the ALB key endpoint serves it: SPKI PEM. */
  publicKeyPem: string;
  sign(fields: AlbTokenFields): string;
}

/** Encodes bytes as base64url and keeps the `=` padding, as the ALB does. */
export function paddedBase64url(bytes: Buffer): string {
  return bytes.toString('base64').replaceAll('+', '-').replaceAll('/', '_');
}

/** Creates a signer with a fresh P-256 key pair and a random UUID key id. */
export function createAlbTokenSigner(kid: string = randomUUID()): AlbTokenSigner {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    kid,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    sign: (fields) => signAlbToken(privateKey, kid, fields),
  };
}

function signAlbToken(privateKey: KeyObject, kid: string, fields: AlbTokenFields): string {
  const header = {
    typ: 'JWT',
    kid,
    alg: 'ES256',
    iss: fields.issuer,
    client: fields.client,
    signer: fields.signer,
    exp: fields.exp,
    ...fields.header,
  };
  const payload = { ...fields.claims, exp: fields.exp, iss: fields.issuer, ...fields.payload };
  const signingInput = [header, payload]
    .map((part) => paddedBase64url(Buffer.from(JSON.stringify(part))))
    .join('.');

  // ES256 in JWS is the raw 64-byte r||s form, not DER.
  const signature = sign('sha256', Buffer.from(signingInput), {
    key: privateKey,
    dsaEncoding: 'ieee-p1363',
  });
  return `${signingInput}.${paddedBase64url(signature)}`;
}
