/** Fetches the page after `cursor` (the last item's id), or the first page when `cursor` is undefined. */
export type PageFetcher<T> = (cursor: string | undefined) => Promise<{ data: T[]; hasMore: boolean }>;

/**
 * One page of a list, which also iterates (`for await`) over every item of this page and of every
 * page after it, fetching each page only when the loop gets there.
 */
export class Page<T> implements AsyncIterable<T> {
  readonly data: readonly T[];
  readonly hasMore: boolean;
  private readonly fetcher: PageFetcher<T>;
  private readonly cursorOf: (item: T) => string;

  constructor(data: readonly T[], hasMore: boolean, fetcher: PageFetcher<T>, cursorOf: (item: T) => string) {
    this.data = data;
    this.hasMore = hasMore;
    this.fetcher = fetcher;
    this.cursorOf = cursorOf;
  }

  static async first<T>(
    fetcher: PageFetcher<T>,
    cursorOf: (item: T) => string,
    cursor?: string,
  ): Promise<Page<T>> {
    const { data, hasMore } = await fetcher(cursor);
    return new Page(data, hasMore, fetcher, cursorOf);
  }

  /** The following page, or `null` after the last one. */
  async next(): Promise<Page<T> | null> {
    const last = this.data[this.data.length - 1];
    if (!this.hasMore || last === undefined) return null;
    return Page.first(this.fetcher, this.cursorOf, this.cursorOf(last));
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    let page: Page<T> | null = this;
    while (page) {
      yield* page.data;
      page = await page.next();
    }
  }

  /** Every item from this page on, up to `limit` items (default 10 000, so a runaway list cannot eat memory). */
  async toArray(options: { limit?: number } = {}): Promise<T[]> {
    const limit = options.limit ?? 10_000;
    const out: T[] = [];
    if (limit <= 0) return out;
    for await (const item of this) {
      out.push(item);
      if (out.length >= limit) break;
    }
    return out;
  }
}
