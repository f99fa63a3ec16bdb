/**
 * Benchmarks the web service on loopback: one instance with a private redis-server and key
 * server, loaded by autocannon. Every figure comes from this one run, and the report gives each
 * route's throughput as a ratio to /healthz, so that figures from different machines compare.
 */
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import autocannon from 'autocannon';
import { pino } from 'pino';
import { createKeyProvider } from '../../web/src/alb/keys.js';
import { createTokenVerifier } from '../../web/src/alb/token.js';
import {
  ALB_ARN,
  CLIENT_ID,
  Fixture,
  ISSUER,
  cookiesFrom,
} from '../../web/test/helpers/fixture.js';

const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 20;

interface RouteResult {
  route: string;
  requestsPerSecond: number;
  p99Ms: number;
  non2xx: number;
}

async function load(url: string, route: string, headers: Record<string, string>) {
  const result = await autocannon({
    url: `${url}${route}`,
    headers,
    connections: CONNECTIONS,
    duration: DURATION_SECONDS,
  });
  return {
    route,
    requestsPerSecond: Math.round(result.requests.average),
    p99Ms: result.latency.p99,
    non2xx: result.non2xx + result.errors,
  } satisfies RouteResult;
}

/** Counts token verifications per second with the key cached, in this process. */
async function verificationsPerSecond(fixture: Fixture): Promise<number> {
  const getKey = createKeyProvider({ baseUrl: fixture.keyServer.url });
  const verify = createTokenVerifier({
    signers: [ALB_ARN],
    clientId: CLIENT_ID,
    issuer: ISSUER,
    getKey,
  });
  const token = fixture.token();
  await verify(token);
  const rounds = 5000;
  const started = performance.now();
  for (let i = 0; i < rounds; i++) await verify(token);
  return Math.round(rounds / ((performance.now() - started) / 1000));
}

async function main(): Promise<void> {
  const fixture = await Fixture.start();
  // Request lines are written as in production, to a sink that costs no disk time.
  const web = fixture.instance('bench-1', {
    logLevel: 'info',
    logTo: pino.destination('/dev/null'),
  });
  const server: Server = createServer(web.callback).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;

  // One signed-in session, reused by every /private request as a browser would.
  const token = fixture.token();
  const first = await fetch(`${url}/private`, { headers: { 'x-amzn-oidc-data': token } });
  const cookie = cookiesFrom(first.headers.getSetCookie());

  const results: RouteResult[] = [];
  results.push(await load(url, '/healthz', {}));
  results.push(await load(url, '/', {}));
  results.push(await load(url, '/', { 'x-amzn-oidc-data': token }));
  results.push(await load(url, '/private', { 'x-amzn-oidc-data': token, cookie }));
  const verifyRate = await verificationsPerSecond(fixture);

  server.close();
  await fixture.stop();
  report(results, verifyRate);
}

function report(results: RouteResult[], verifyRate: number): void {
  const base = results[0]!.requestsPerSecond;
  const labels = ['/healthz', '/ anonymous', '/ signed in', '/private with session'];
  console.log(
    `web benchmark: ${CONNECTIONS} connections, ${DURATION_SECONDS} s per route, Node ${process.version}`,
  );
  console.log('| route | requests/s | ratio to /healthz | p99 ms | non-2xx |');
  console.log('|---|---:|---:|---:|---:|');
  results.forEach((result, index) => {
    const ratio = (result.requestsPerSecond / base).toFixed(2);
    console.log(
      `| ${labels[index]} | ${result.requestsPerSecond} | ${ratio} | ${result.p99Ms} | ${result.non2xx} |`,
    );
  });
  console.log(`\ntoken verifications per second, key cached, one process: ${verifyRate}`);
  if (results.some((result) => result.non2xx > 0)) {
    console.error('some requests failed: the figures above are not valid');
    process.exitCode = 1;
  }
}

await main();
