import { DependencyUnavailableError } from '../lib/unavailable.js';

/**
 * Reason codes for a rejected token. Each code is stable: logs carry it as
 * `token_rejected: <code>`, and tests and alerts switch on it.
 */
export type TokenRejectionCode =
  | 'signin_not_configured'
  | 'token_missing'
  | 'token_malformed'
  | 'alg_not_allowed'
  | 'kid_invalid'
  | 'kid_unknown'
  | 'signer_mismatch'
  | 'client_mismatch'
  | 'issuer_mismatch'
  | 'token_expired'
  | 'signature_invalid'
  | 'claims_invalid';

/** The request's token cannot be trusted, so the request gets a 401. */
export class TokenRejectedError extends Error {
  readonly status = 401;
  constructor(
    readonly code: TokenRejectionCode,
    message: string,
  ) {
    super(message);
    this.name = 'TokenRejectedError';
  }
}

/** The key endpoint failed, timed out or returned something other than a key: a 503. */
export class KeyUnavailableError extends DependencyUnavailableError {
  readonly code = 'key_unavailable';
}
