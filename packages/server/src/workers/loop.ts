import { context, ROOT_CONTEXT } from '@opentelemetry/api';

/**
 * A background loop: runs `tick`, then sleeps until the delay it returns (capped by `maxIdleMs`, so
 * work queued by another process is noticed), or until `wake()`. `stop()` aborts the signal the
 * tick was given (a tick of many batches ends after the one it is in) and waits for the tick.
 */
export class Loop {
  private timer: NodeJS.Timeout | undefined;
  /** When the armed timer fires (performance.now()). */
  private timerAt = Number.POSITIVE_INFINITY;
  /** The soonest time a wake asked for while a tick was running. */
  private soonest = Number.POSITIVE_INFINITY;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private readonly stopping = new AbortController();

  constructor(
    private readonly tick: (signal: AbortSignal) => Promise<number | undefined>,
    private readonly maxIdleMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Whether a tick is running (shutdown says what it cut). */
  get busy(): boolean {
    return this.running !== undefined;
  }

  start(): void {
    this.wake();
  }

  /**
   * Runs a tick now, or `inMs` from now for work that is due then. Work due after the idle cap is
   * left to the poll that comes before it.
   */
  wake(inMs = 0): void {
    // The tick (and a timer armed here) would otherwise run in the async context of whoever woke
    // the loop, usually a request that queued work: a worker's spans then joined that request's
    // trace, or not, depending on whether the loop was idle when the request committed.
    context.with(ROOT_CONTEXT, () => this.schedule(inMs));
  }

  private schedule(inMs: number): void {
    if (this.stopped || inMs >= this.maxIdleMs) return;
    if (inMs > 0) {
      const at = performance.now() + inMs;
      if (this.running) this.soonest = Math.min(this.soonest, at);
      else if (at < this.timerAt) this.arm(inMs);
      return;
    }
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.timerAt = Number.POSITIVE_INFINITY;
    this.running = this.run();
  }

  private async run(): Promise<void> {
    let wait = this.maxIdleMs;
    try {
      const next = await this.tick(this.stopping.signal);
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
    wait = Math.max(0, Math.min(wait, this.soonest - performance.now()));
    this.soonest = Number.POSITIVE_INFINITY;
    this.arm(wait);
  }

  private arm(ms: number): void {
    clearTimeout(this.timer);
    this.timerAt = performance.now() + ms;
    this.timer = setTimeout(() => this.wake(), ms);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    clearTimeout(this.timer);
    await this.running;
  }
}
