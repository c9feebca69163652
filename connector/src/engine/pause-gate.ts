/**
 * Holds new work of every pipeline while the sync is paused; work already running finishes.
 * Both directions wait on the one gate, so Pause stops the whole sync, not one direction of it.
 */
export class PauseGate {
  private gate: { promise: Promise<void>; open: () => void } | undefined;

  pause(): void {
    if (this.gate) return;
    let open = (): void => undefined;
    const promise = new Promise<void>((resolve) => {
      open = resolve;
    });
    this.gate = { promise, open };
  }

  resume(): void {
    this.gate?.open();
    this.gate = undefined;
  }

  get paused(): boolean {
    return this.gate !== undefined;
  }

  /** Resolves at once, or when a paused gate opens. */
  async whenOpen(): Promise<void> {
    while (this.gate) await this.gate.promise;
  }
}
