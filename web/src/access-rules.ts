/**
 * The one table of which paths need sign-in. Three parts import it: the ALB listener rules in
 * infra/, the local stand-in ALB in scripts/ and the web service's own routes, so a path added
 * here is protected in production and locally alike.
 */

/**
 * Action of the load balancer for a matching request:
 * - `authenticate`: sign-in required (`on_unauthenticated_request = authenticate`);
 * - `optional`: identify a signed-in user if there is one, else forward anonymously (`allow`);
 * - `public`: forward without any authentication action.
 */
export type Access = 'authenticate' | 'optional' | 'public';

export interface AccessRule {
  /** Stable name, used for listener rule names and logs. */
  name: string;
  /** ALB path patterns: case-sensitive, `*` matches any run of characters, `?` exactly one. */
  patterns: string[];
  access: Access;
}

/** The path where the ALB receives the identity provider's authorization code. */
export const CALLBACK_PATH = '/oauth2/idpresponse';

export const LOGOUT_PATH = '/logout';

/** Rules in priority order: the first match wins, and a path that matches none is public. */
export const ACCESS_RULES: readonly AccessRule[] = [
  { name: 'private', patterns: ['/private', '/private/*'], access: 'authenticate' },
  { name: 'logout', patterns: [LOGOUT_PATH], access: 'public' },
  { name: 'home', patterns: ['/'], access: 'optional' },
];

/** The ALB limits a path pattern to 128 characters. */
const MAX_PATTERN_LENGTH = 128;

/** Tests a request path against one ALB path pattern. */
export function matchesPathPattern(pattern: string, path: string): boolean {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new RangeError(
      `path pattern is longer than ${MAX_PATTERN_LENGTH} characters: ${pattern}`,
    );
  }
  const source = pattern.split('').map(toRegExpSource).join('');
  return new RegExp(`^${source}$`, 's').test(path);
}

/** Returns the first rule whose patterns match the path, or undefined for a public path. */
export function findAccessRule(path: string): AccessRule | undefined {
  return ACCESS_RULES.find((rule) => rule.patterns.some((p) => matchesPathPattern(p, path)));
}

/** Returns how the load balancer treats a request path. */
export function accessFor(path: string): Access {
  return findAccessRule(path)?.access ?? 'public';
}

function toRegExpSource(char: string): string {
  if (char === '*') return '.*';
  if (char === '?') return '.';
  return /[\\^$.|+()[\]{}]/.test(char) ? `\\${char}` : char;
}
