import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));

describe('npm run emulator', () => {
  it('prints URLs and credentials, serves the seeded org and stops on Ctrl-C', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--no-pubsub'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new Error(`no banner: ${output}`));
        }, 20_000);
        child.stdout.on('data', () => {
          if (output.includes('Press Ctrl-C')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      const url = /instance \/ login URL\s+(\S+)/.exec(output)?.[1] ?? '';
      const secret = /client secret\s+(\S+)/.exec(output)?.[1] ?? '';
      const clientId = /client id\s+(\S+)/.exec(output)?.[1] ?? '';
      expect(output).toMatch(/sample data\s+2 Accounts, 3 Contacts/);
      const token = await fetch(`${url}/services/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: clientId,
          client_secret: secret,
        }),
      });
      const { access_token: accessToken } = (await token.json()) as { access_token: string };
      const contacts = await fetch(
        `${url}/services/data/v65.0/query?q=SELECT+Name+FROM+Contact+ORDER+BY+Name`,
        {
          headers: { authorization: `Bearer ${accessToken}` },
        },
      );
      expect(await contacts.json()).toMatchObject({
        totalSize: 3,
        records: [{ Name: 'Ada Lovelace' }, { Name: 'Charles Babbage' }, { Name: 'Grace Hopper' }],
      });
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  }, 30_000);
});
