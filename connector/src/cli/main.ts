#!/usr/bin/env node
import { COMMANDS } from './commands/index.js';
import { processIo } from './io.js';
import { runCli } from './run-cli.js';

const code = await runCli(process.argv.slice(2), processIo(), COMMANDS);
// Exit explicitly: a closed Pub/Sub client's gRPC streams can keep the event loop alive until
// the server ends them, and a finished command has nothing left to wait for.
process.exit(code);
