/** The status server could not start listening (port taken, address not local, …). */
export class StatusServerError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StatusServerError';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
