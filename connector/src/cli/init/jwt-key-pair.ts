import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { CliError } from '../errors/index.js';
import { EXIT_CODES } from '../exit-codes.js';
import {
  createSelfSignedCertificate,
  type SelfSignedCertificate,
} from './self-signed-certificate.js';

/** What `sfwp init` did about the JWT key. */
export type JwtKeyOutcome =
  | { kind: 'kept'; keyFile: string }
  | ({ kind: 'created'; keyFile: string; certificateFile: string } & SelfSignedCertificate);

/** The certificate goes beside the key: `jwt.key` → `jwt.crt`, `key.pem` → `key.crt`. */
export function certificateFileFor(keyFile: string): string {
  const extension = extname(keyFile);
  const stem = ['.key', '.pem'].includes(extension.toLowerCase())
    ? basename(keyFile, extension)
    : basename(keyFile);
  return join(dirname(keyFile), `${stem}.crt`);
}

function writePrivately(file: string, text: string): void {
  // A fresh file created with mode 0600 and renamed into place: an overwritten key never has
  // the old file's mode, and a reader never sees half a key.
  const temporary = `${file}.${String(process.pid)}.tmp`;
  try {
    writeFileSync(temporary, text, { mode: 0o600, flag: 'wx' });
    chmodSync(temporary, 0o600);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Makes the JWT bearer key pair: an RSA 2048 private key (PKCS #8 PEM, mode 0600) at `keyFile`
 * and a self-signed certificate for it beside it, to upload to the External Client App. An
 * existing key file is kept unless `force`: it may be the one whose certificate Salesforce
 * already holds.
 */
export function prepareJwtKey(keyFile: string, force: boolean, now = new Date()): JwtKeyOutcome {
  if (existsSync(keyFile) && !force) return { kind: 'kept', keyFile };
  const certificateFile = certificateFileFor(keyFile);
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const certificate = createSelfSignedCertificate({ privateKey, notBefore: now });
  try {
    mkdirSync(dirname(keyFile), { recursive: true, mode: 0o700 });
    writePrivately(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    writeFileSync(certificateFile, certificate.pem, { mode: 0o644 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new CliError(
      `Cannot write the JWT key pair to ${keyFile} (${code}).`,
      EXIT_CODES.failure,
      {
        cause: error,
      },
    );
  }
  return { kind: 'created', keyFile, certificateFile, ...certificate };
}
