import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * A credential that cannot leak by accident: it prints, logs and serialises as `[redacted]`;
 * only `reveal()` gives the value, at the one place that sends it.
 */
export class Secret {
  readonly #value: string;
  /** Where it came from (`env SF_PRIVATE_KEY`, `file /etc/sfwp/key.pem`, `config file`). */
  readonly source: string;

  constructor(value: string, source: string) {
    this.#value = value;
    this.source = source;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return `Secret(${REDACTED} from ${this.source})`;
  }
}
