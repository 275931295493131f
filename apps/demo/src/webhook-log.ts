import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

/** One webhook delivery as the backend received it, with the result of its signature check. */
export interface WebhookDelivery {
  /** Order of arrival in this log. */
  readonly seq: number;
  /** Unix ms. */
  readonly receivedAt: number;
  /** `evt_…`, or null when the body could not be read. */
  readonly eventId: string | null;
  readonly type: string | null;
  /** The refund or checkout session the event is about. */
  readonly objectId: string | null;
  readonly signature: 'valid' | 'invalid';
  /** The SDK's error code when the check failed (`signature_mismatch`, `timestamp_outside_tolerance`, …). */
  readonly error: string | null;
  /** A valid delivery of an event seen before (the server retries until it gets a 2xx). */
  readonly duplicate: boolean;
  /** What the backend answered. */
  readonly status: number;
}

const KEEP = 200;

/**
 * The last deliveries, newest last, kept in memory and appended to a JSON-lines file (when given) so
 * a restart shows the history. Event ids seen are remembered for de-duplication across restarts too.
 */
export class WebhookLog {
  #entries: WebhookDelivery[] = [];
  #seen = new Set<string>();
  #seq = 0;

  constructor(private readonly file?: string) {
    if (!file || !existsSync(file)) return;
    const lines = readFileSync(file, 'utf8').split('\n');
    for (const line of lines) {
      if (!line.trim()) continue;
      try {
        this.#push(JSON.parse(line) as WebhookDelivery);
      } catch {
        // A line cut short by a crash: skip it, keep the rest.
      }
    }
    // Keep the file about as long as the log it feeds.
    if (lines.length > 4 * KEEP) {
      writeFileSync(file, this.#entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
    }
  }

  #push(entry: WebhookDelivery): void {
    this.#seq = Math.max(this.#seq, entry.seq);
    if (entry.signature === 'valid' && entry.eventId) this.#seen.add(entry.eventId);
    this.#entries.push(entry);
    if (this.#entries.length > KEEP) this.#entries.splice(0, this.#entries.length - KEEP);
  }

  /** Whether a verified event with this id was received before. */
  seen(eventId: string): boolean {
    return this.#seen.has(eventId);
  }

  record(entry: Omit<WebhookDelivery, 'seq'>): WebhookDelivery {
    const full: WebhookDelivery = { seq: ++this.#seq, ...entry };
    this.#push(full);
    if (this.file) appendFileSync(this.file, `${JSON.stringify(full)}\n`);
    return full;
  }

  /** Newest first. */
  list(limit = KEEP): WebhookDelivery[] {
    return this.#entries.slice(-limit).reverse();
  }
}
