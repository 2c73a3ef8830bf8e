/** Text matching for log search: every word of the query, case- and accent-insensitive. */

export function normalizeForSearch(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();
}

/** A predicate over normalised text; an empty query matches everything. */
export function makeMatcher(query: string | undefined): (normalizedText: string) => boolean {
  const terms = normalizeForSearch(query ?? '')
    .split(/\s+/)
    .filter(Boolean);
  if (terms.length === 0) return () => true;
  return (text) => terms.every((t) => text.includes(t));
}
