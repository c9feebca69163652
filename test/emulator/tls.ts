/**
 * A self-signed certificate for the emulator's TLS endpoints (the org over HTTPS and the Pub/Sub
 * server), made with the `openssl` CLI and kept in memory: the temporary directory it is written
 * to is removed at once.
 *
 * toolchain.md, Pub/Sub: the client only speaks TLS and refuses an http:// instance URL; tests
 * connect with `rejectUnauthorizedSsl: false` or trust this certificate explicitly.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface SelfSignedCertificate {
  certificatePem: string;
  privateKeyPem: string;
}

function subjectAltName(host: string): string {
  const isIp = /^[\d.]+$/.test(host) || host.includes(':');
  return [...new Set(['DNS:localhost', 'IP:127.0.0.1', isIp ? `IP:${host}` : `DNS:${host}`])].join(
    ',',
  );
}

export async function createSelfSignedCertificate(host: string): Promise<SelfSignedCertificate> {
  const directory = await mkdtemp(join(tmpdir(), 'sfwp-emulator-tls-'));
  try {
    const keyFile = join(directory, 'key.pem');
    const certificateFile = join(directory, 'cert.pem');
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      `subjectAltName=${subjectAltName(host)}`,
      '-keyout',
      keyFile,
      '-out',
      certificateFile,
    ]);
    const [certificatePem, privateKeyPem] = await Promise.all([
      readFile(certificateFile, 'utf8'),
      readFile(keyFile, 'utf8'),
    ]);
    return { certificatePem, privateKeyPem };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
