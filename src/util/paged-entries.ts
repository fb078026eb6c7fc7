/** A listing handed out a page at a time, closed once done with (a directory lister). */
export interface PagedLister<T> {
  /** The next entries, at most `limit`; an empty array once the listing is over. */
  next(limit: number): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * Every entry of `lister`, read `pageSize` at a time. The lister is closed when the loop over the
 * entries ends, whether it ran out, broke off or threw.
 */
export async function* pagedEntries<T>(lister: PagedLister<T>, pageSize: number): AsyncGenerator<T> {
  try {
    for (let page = await lister.next(pageSize); page.length > 0; page = await lister.next(pageSize)) {
      yield* page;
    }
  } finally {
    await lister.close();
  }
}
