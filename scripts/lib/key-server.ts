/**
 * A loopback HTTP server that serves public keys the way the ALB key endpoint does: `GET /<kid>`
 * returns the PEM. Tests can make it fail, stall or return something other than a PEM, and
 * read which paths were requested.
 */
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';

export type KeyServerMode = 'ok' | 'status-500' | 'status-403' | 'json' | 'slow';

export interface KeyServer {
  url: string;
  /** Paths requested so far, in order. */
  requests: string[];
  mode: KeyServerMode;
  /** How long a `slow` response stalls, in milliseconds. */
  slowMs: number;
  addKey(kid: string, pem: string): void;
  close(): Promise<void>;
}

export async function startKeyServer(port = 0): Promise<KeyServer> {
  const keys = new Map<string, string>();
  const state: KeyServer = {
    url: '',
    requests: [],
    mode: 'ok',
    slowMs: 10_000,
    addKey: (kid, pem) => void keys.set(kid, pem),
    close: () => closeServer(server),
  };

  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    state.requests.push(path);
    const pem = keys.get(decodeURIComponent(path.slice(1)));
    switch (state.mode) {
      case 'status-500':
        return void res.writeHead(500).end('internal error');
      case 'status-403':
        return void res.writeHead(403, { 'content-type': 'application/xml' }).end('<Error/>');
      case 'json':
        return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"keys":[]}');
      case 'slow': {
        const timer = setTimeout(() => res.writeHead(200).end(pem ?? ''), state.slowMs);
        res.on('close', () => clearTimeout(timer));
        return;
      }
    }
    if (pem === undefined) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': 'application/x-pem-file' }).end(pem);
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  state.url = `http://127.0.0.1:${address.port}`;
  return state;
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
}
