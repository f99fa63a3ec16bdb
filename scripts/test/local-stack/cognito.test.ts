import { expect } from 'chai';
import { CookieClient } from './cookie-client.js';
import {
  CLIENT_ID,
  form,
  PASSWORD,
  signUpThroughAlb,
  startStandIns,
  type StandIns,
} from './fixture.js';

describe('stand-in Cognito', function () {
  this.timeout(30_000);
  let standIns: StandIns;
  let client: CookieClient;
  const cognitoHost = () => new URL(standIns.cognito.issuer).host;

  beforeEach(async () => {
    standIns = await startStandIns();
    client = new CookieClient();
  });
  afterEach(() => standIns.close());

  /** Opens /private through the ALB and returns the sign-in page URL it lands on. */
  async function openSignIn(): Promise<string> {
    const { response, hops } = await client.follow(`${standIns.alb.url}/private`);
    expect(response.status).to.equal(200);
    expect(await response.text()).to.include('<h1>Sign in</h1>');
    return hops.at(-1)!;
  }

  describe('sign-up', () => {
    const cases: [string, string, string][] = [
      ['a short password', 'Aa1!', 'Password not long enough'],
      ['a password without a symbol', 'Passw0rdd', 'Password must have symbol characters'],
      ['a password without a digit', 'Password!', 'Password must have numeric characters'],
    ];
    for (const [name, password, message] of cases) {
      it(`rejects ${name}`, async () => {
        const signIn = await openSignIn();
        const response = await client.fetch(
          `${signIn}/signup`,
          form({ email: 'a@example.com', password }),
        );
        expect(response.status).to.equal(400);
        const html = await response.text();
        expect(html).to.include(`Password did not conform with policy: ${message}`);
        expect(html).to.include('value="a@example.com"');
      });
    }

    it('rejects an invalid email address', async () => {
      const signIn = await openSignIn();
      const response = await client.fetch(
        `${signIn}/signup`,
        form({ email: 'not-an-email', password: PASSWORD }),
      );
      expect(response.status).to.equal(400);
      expect(await response.text()).to.include('Invalid email address format.');
    });

    it('rejects an email that already has an account', async () => {
      await signUpThroughAlb(new CookieClient(), standIns.alb.url, 'taken@example.com');
      const signIn = await openSignIn();
      const response = await client.fetch(
        `${signIn}/signup`,
        form({ email: 'Taken@example.com', password: PASSWORD }),
      );
      expect(response.status).to.equal(400);
      expect(await response.text()).to.include('An account with the given email already exists.');
    });

    it('escapes what the user typed', async () => {
      const signIn = await openSignIn();
      const response = await client.fetch(
        `${signIn}/signup`,
        form({ email: '"><script>x</script>', password: 'a' }),
      );
      const html = await response.text();
      expect(html).not.to.include('<script>x');
      expect(html).to.include('&quot;&gt;&lt;script&gt;');
    });
  });

  describe('sign-in', () => {
    it('rejects a wrong password', async () => {
      await signUpThroughAlb(new CookieClient(), standIns.alb.url, 'kim@example.com');
      const signIn = await openSignIn();
      const response = await client.fetch(
        `${signIn}/login`,
        form({ email: 'kim@example.com', password: 'Wr0ng!pass' }),
      );
      expect(response.status).to.equal(400);
      expect(await response.text()).to.include('Incorrect username or password.');
    });

    it('signs in an existing user and returns to the app', async () => {
      await signUpThroughAlb(new CookieClient(), standIns.alb.url, 'lee@example.com');
      const signIn = await openSignIn();
      const posted = await client.fetch(
        `${signIn}/login`,
        form({ email: 'lee@example.com', password: PASSWORD }),
      );
      expect(posted.status).to.equal(303);
      const { response, hops } = await client.follow(
        new URL(posted.headers.get('location')!, signIn),
      );
      expect(hops.at(-1)).to.equal(`${standIns.alb.url}/private`);
      expect(((await response.json()) as { instance: string }).instance).to.match(/^echo-/);
    });
  });

  describe('interaction pages', () => {
    for (const [method, path] of [
      ['GET', '/interaction/unknown'],
      ['GET', '/interaction/unknown/signup'],
      ['POST', '/interaction/unknown/login'],
    ] as const) {
      it(`shows an expiry page for ${method} ${path}`, async () => {
        const init = method === 'POST' ? form({ email: 'a@example.com', password: PASSWORD }) : {};
        const response = await client.fetch(`${standIns.cognito.issuer}${path}`, init);
        expect(response.status).to.equal(400);
        expect(response.headers.get('content-type')).to.equal('text/html; charset=utf-8');
        expect(await response.text()).to.include('This sign-in page has expired.');
      });
    }
  });

  describe('GET /logout', () => {
    const logoutUrl = (logoutUri: string, clientId = CLIENT_ID) =>
      `${standIns.cognito.issuer}/logout?${new URLSearchParams({ client_id: clientId, logout_uri: logoutUri })}`;

    it('redirects to a registered sign-out URL and ends the session', async () => {
      await signUpThroughAlb(client, standIns.alb.url, 'max@example.com');
      const response = await client.fetch(logoutUrl(`${standIns.alb.url}/`));
      expect(response.status).to.equal(302);
      expect(response.headers.get('location')).to.equal(`${standIns.alb.url}/`);
      expect(client.cookies(cognitoHost()).has('_session')).to.equal(false);
      expect(client.cookies(cognitoHost()).has('_session.sig')).to.equal(false);
    });

    it('requests the password after sign-out', async () => {
      await signUpThroughAlb(client, standIns.alb.url, 'ned@example.com');
      // The ALB session is a separate cookie: drop it as the app's /logout does.
      client.jar.delete(new URL(standIns.alb.url).host);
      await client.fetch(logoutUrl(`${standIns.alb.url}/`));
      await openSignIn();
    });

    it('signs in again without a password while the session lasts', async () => {
      await signUpThroughAlb(client, standIns.alb.url, 'ola@example.com');
      client.jar.delete(new URL(standIns.alb.url).host);
      const { hops } = await client.follow(`${standIns.alb.url}/private`);
      expect(hops.at(-1)).to.equal(`${standIns.alb.url}/private`);
    });

    it('shows an error page for an unregistered sign-out URL', async () => {
      await signUpThroughAlb(client, standIns.alb.url, 'pat@example.com');
      const response = await client.fetch(logoutUrl('https://evil.example/'));
      expect(response.status).to.equal(400);
      expect(response.headers.get('location')).to.equal(null);
      expect(await response.text()).to.include('An error was encountered with the requested page.');
      expect(client.cookies(cognitoHost()).has('_session')).to.equal(true);
    });

    it('shows an error page for an unknown client', async () => {
      const response = await client.fetch(logoutUrl(`${standIns.alb.url}/`, 'other-client'));
      expect(response.status).to.equal(400);
      expect(response.headers.get('location')).to.equal(null);
    });
  });
});
