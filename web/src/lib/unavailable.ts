/**
 * A dependency (the key endpoint or Redis) failed or missed its deadline. The error middleware
 * responds with 503 and Retry-After, and logs the subclass's stable `code`.
 */
export abstract class DependencyUnavailableError extends Error {
  readonly status = 503;
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
