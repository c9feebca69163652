/**
 * `npm run demo:change -- <salesforce|wordpress> [--create] [--email X] [--last-name Y]`: one
 * visible change on one side of the demo that `npm start` runs, to watch it flow in its live log.
 * Finds the demo through its `.sfwp/demo.json` (or `$SFWP_DEMO_DIR/demo.json`).
 */
import { demoDirectory, demoFilePath, readDemoFile } from './start/demo-file.js';
import { USAGE, parseDemoChangeArgs } from './demo-change/args.js';
import { changeSalesforce } from './demo-change/salesforce.js';
import { changeWordPress } from './demo-change/wordpress.js';

async function main(): Promise<number> {
  const parsed = parseDemoChangeArgs(process.argv.slice(2));
  if (parsed.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (parsed.kind === 'usage-error') {
    process.stderr.write(`demo:change: ${parsed.message}\n\n${USAGE}\n`);
    return 2;
  }
  const directory = demoDirectory(process.env, process.cwd());
  const demo = readDemoFile(directory);
  if (demo.state !== 'running') {
    process.stderr.write(
      demo.state === 'missing'
        ? `demo:change: no demo is running (no ${demoFilePath(directory)}): start the demo first with npm start\n`
        : `demo:change: the demo that wrote ${demoFilePath(directory)} (process ${String(demo.pid)}) ` +
            'is gone: start the demo first with npm start\n',
    );
    return 1;
  }
  const { request } = parsed;
  const lines =
    request.side === 'salesforce'
      ? await changeSalesforce(demo.coordinates, request)
      : await changeWordPress(demo.coordinates, request);
  process.stdout.write(`${lines.join('\n')}\nWatch the live log in the npm start terminal.\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `demo:change: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
