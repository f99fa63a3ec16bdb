/** A loopback HTTP server standing in for a web instance: it responds with the request it received. */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { once } from 'node:events';

export interface EchoedRequest {
  instance: string;
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

export interface EchoUpstream {
  url: string;
  close(): Promise<void>;
}

export async function startEchoUpstream(instance: string): Promise<EchoUpstream> {
  const server = createServer((req, res) => {
    const echoed: EchoedRequest = {
      instance,
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
    };
    res.writeHead(200, { 'content-type': 'application/json', 'x-instance': instance });
    res.end(JSON.stringify(echoed));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
