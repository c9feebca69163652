/**
 * `npm run preview:admin [-- --port 5173] [-- --rebuild]`: builds the admin app when needed and
 * serves it on 127.0.0.1 against an in-process org emulator with sample data. Ctrl-C stops it.
 */
import { parseArgs } from 'node:util';
import { startAdminPreview } from './server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '5173' },
    rebuild: { type: 'boolean', default: false },
  },
});
const preview = await startAdminPreview({ port: Number(values.port), rebuild: values.rebuild });
console.log(`WordPress Sync admin preview: ${preview.url}`);
console.log(
  `org emulator: ${preview.emulator.instanceUrl} (admin ${preview.emulator.credentials.admin.username})`,
);
const stop = () => {
  preview.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
