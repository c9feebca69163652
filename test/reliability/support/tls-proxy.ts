import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createSelfSignedCertificate } from '../../emulator/tls.js';

/**
 * An HTTPS reverse proxy with a self-signed certificate (made like the emulator's) in front of
 * the test WordPress, which only speaks plain HTTP: what a site with an untrusted certificate
 * looks like to the connector. Nothing else about the requests changes.
 */
export interface TlsProxy {
  /** `https://127.0.0.1:PORT`: WordPress's site address through the proxy. */
  readonly url: string;
  readonly certificatePem: string;
  /** HTTP requests that got through the TLS handshake and were passed on to WordPress. */
  readonly forwarded: number;
  /** Handshakes the client broke off (e.g. because it refused the certificate). */
  readonly refusedHandshakes: number;
  close(): Promise<void>;
}

export async function startTlsProxy(wordpressUrl: string): Promise<TlsProxy> {
  const target = new URL(wordpressUrl);
  const certificate = await createSelfSignedCertificate('127.0.0.1');
  let forwarded = 0;
  let refusedHandshakes = 0;
  const server: Server = createServer(
    { key: certificate.privateKeyPem, cert: certificate.certificatePem },
    (incoming, outgoing) => {
      forwarded += 1;
      const upstream = httpRequest(
        {
          host: target.hostname,
          port: Number(target.port || 80),
          method: incoming.method,
          path: incoming.url,
          headers: { ...incoming.headers, host: target.host },
        },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      upstream.on('error', (error) => {
        if (!outgoing.headersSent) outgoing.writeHead(502, { 'content-type': 'text/plain' });
        outgoing.end(`proxy: ${error.message}`);
      });
      incoming.pipe(upstream);
    },
  );
  server.on('tlsClientError', () => {
    refusedHandshakes += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${String(port)}`,
    certificatePem: certificate.certificatePem,
    get forwarded() {
      return forwarded;
    },
    get refusedHandshakes() {
      return refusedHandshakes;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
