/**
 * A background loop: runs `tick`, then sleeps until the delay it returns (capped by `maxIdleMs`, so
 * work queued by another process is noticed), or until `wake()`. `stop()` waits for the running tick.
 */
export class Loop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly tick: () => Promise<number | undefined>,
    private readonly maxIdleMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    this.wake();
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.run();
  }

  private async run(): Promise<void> {
    let wait = this.maxIdleMs;
    try {
      const next = await this.tick();
      if (next !== undefined) wait = Math.max(0, Math.min(next, this.maxIdleMs));
    } catch (error) {
      this.onError(error);
    }
    this.running = undefined;
    if (this.stopped) return;
    if (this.again) {
      this.again = false;
      wait = 0;
    }
    this.timer = setTimeout(() => this.wake(), wait);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
