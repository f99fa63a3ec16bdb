/**
 * A fetch wrapper that keeps cookies per host and follows no redirects by itself, so that tests
 * can assert every hop of the sign-in flow.
 */

export interface StoredCookie {
  value: string;
  /** The raw Set-Cookie attributes, for assertions. */
  attributes: string;
}

export class CookieClient {
  readonly jar = new Map<string, Map<string, StoredCookie>>();

  cookies(host: string): Map<string, StoredCookie> {
    let cookies = this.jar.get(host);
    if (cookies === undefined) this.jar.set(host, (cookies = new Map()));
    return cookies;
  }

  /** Requests a URL with this host's cookies and stores the cookies set by the response. */
  async fetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const cookies = this.cookies(target.host);
    const header = [...cookies].map(([name, cookie]) => `${name}=${cookie.value}`).join('; ');
    const headers = new Headers(init.headers);
    if (header !== '') headers.set('cookie', header);
    const response = await fetch(target, { ...init, headers, redirect: 'manual' });
    for (const setCookie of response.headers.getSetCookie()) this.store(cookies, setCookie);
    return response;
  }

  /** Follows redirects from `url` until a non-redirect response, returning it and the hops. */
  async follow(
    url: string | URL,
    init: RequestInit = {},
  ): Promise<{ response: Response; hops: string[] }> {
    let response = await this.fetch(url, init);
    const hops = [String(url)];
    while (response.status >= 300 && response.status < 400 && hops.length < 20) {
      const next = new URL(response.headers.get('location') ?? '', hops[hops.length - 1]).href;
      hops.push(next);
      response = await this.fetch(next);
    }
    return { response, hops };
  }

  private store(cookies: Map<string, StoredCookie>, setCookie: string): void {
    const [pair = '', ...attributes] = setCookie.split(';');
    const separator = pair.indexOf('=');
    const name = pair.slice(0, separator).trim();
    const value = pair.slice(separator + 1).trim();
    const expired = /max-age=0\b|expires=thu, 01 jan 1970/i.test(setCookie);
    if (expired) cookies.delete(name);
    else cookies.set(name, { value, attributes: attributes.join(';').trim() });
  }
}
