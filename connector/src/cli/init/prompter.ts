import { createInterface } from 'node:readline';
import { CliError } from '../errors/index.js';

/**
 * Asks questions on a terminal (or any line stream) one at a time. Reads lines through the
 * readline async iterator, which buffers, so answers piped in ahead of the questions are kept.
 */
export class Prompter {
  private readonly lines: AsyncIterator<string>;
  private readonly close: () => void;

  constructor(
    input: NodeJS.ReadableStream,
    private readonly output: { write(text: string): unknown },
  ) {
    const readline = createInterface({ input, terminal: false });
    this.lines = readline[Symbol.asyncIterator]();
    this.close = () => {
      readline.close();
    };
  }

  /** Asks `question`; an empty answer takes `fallback` when there is one, else asks again. */
  async ask(question: string, fallback?: string): Promise<string> {
    for (;;) {
      this.output.write(fallback === undefined ? `${question}: ` : `${question} [${fallback}]: `);
      const next = await this.lines.next();
      if (next.done === true) {
        throw new CliError('Input ended before every question was answered; nothing was written.');
      }
      const answer = next.value.trim();
      if (answer !== '') return answer;
      if (fallback !== undefined) return fallback;
    }
  }

  /** Asks until the answer is one of `choices`. */
  async choose<T extends string>(question: string, choices: readonly T[], fallback: T): Promise<T> {
    for (;;) {
      const answer = await this.ask(`${question} (${choices.join(', ')})`, fallback);
      const chosen = choices.find((choice) => choice === answer);
      if (chosen !== undefined) return chosen;
      this.say(`  Please answer one of: ${choices.join(', ')}\n`);
    }
  }

  /** Writes a note between questions. */
  say(text: string): void {
    this.output.write(text);
  }

  dispose(): void {
    this.close();
  }
}
