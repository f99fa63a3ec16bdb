/**
 * The password policy of a Cognito user pool with its default settings: at least 8 characters with
 * a lower-case letter, an upper-case letter, a digit and a symbol. Messages imitate Cognito's
 * `InvalidPasswordException` wording, so that the pages read like the hosted UI.
 * NOTE: the wording was not compared with a live user pool's responses.
 */

export interface PasswordPolicy {
  minimumLength: number;
  requireLowercase: boolean;
  requireUppercase: boolean;
  requireNumbers: boolean;
  requireSymbols: boolean;
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  minimumLength: 8,
  requireLowercase: true,
  requireUppercase: true,
  requireNumbers: true,
  requireSymbols: true,
};

/** The symbols Cognito accepts as special characters, plus the space. */
const SYMBOLS = /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/;

/** Returns the first rule the password breaks, or undefined when it conforms. */
export function checkPassword(
  password: string,
  policy = DEFAULT_PASSWORD_POLICY,
): string | undefined {
  const prefix = 'Password did not conform with policy: ';
  if (password.length < policy.minimumLength) return `${prefix}Password not long enough`;
  if (policy.requireLowercase && !/[a-z]/.test(password)) {
    return `${prefix}Password must have lowercase characters`;
  }
  if (policy.requireUppercase && !/[A-Z]/.test(password)) {
    return `${prefix}Password must have uppercase characters`;
  }
  if (policy.requireNumbers && !/[0-9]/.test(password)) {
    return `${prefix}Password must have numeric characters`;
  }
  if (policy.requireSymbols && !SYMBOLS.test(password)) {
    return `${prefix}Password must have symbol characters`;
  }
  return undefined;
}
