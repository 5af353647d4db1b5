/**
 * What the service's publishes through its sidecar last did: the one signal a service has of
 * its broker (daprd has no broker health endpoint). A failing broker shows in `/readyz`
 * from the first failed publish until the next one succeeds.
 */
export class PublishHealth {
  private failingSince: Date | undefined;
  private lastError = "";

  succeeded(): void {
    this.failingSince = undefined;
  }

  failed(err: unknown): void {
    this.failingSince ??= new Date();
    this.lastError = err instanceof Error ? err.message : String(err);
  }

  /** Undefined while publishing works, else since when and why it fails. */
  get failure(): string | undefined {
    if (!this.failingSince) return undefined;
    return `publishing fails since ${this.failingSince.toISOString()}: ${this.lastError.slice(0, 300)}`;
  }
}
