/**
 * Whether a route's error is its lazily loaded code failing to arrive (the network, or a newer build of
 * the console whose files replaced this one's), as browsers word it for a failed dynamic import.
 */
export function isChunkLoadError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return /dynamically imported module|Importing a module script failed|Unable to preload CSS|error loading dynamically imported module/i.test(
    error.message,
  );
}

export const CHUNK_LOAD_TEXT =
  'This screen could not be loaded: the network failed, or the console was updated since this page was opened. Reload the page to try again.';
