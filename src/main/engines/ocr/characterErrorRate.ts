/** Character error rate: Levenshtein distance / reference length, after normalising whitespace. */

export function normaliseText(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

export function levenshtein(a: string, b: string): number {
  const A = Array.from(a);
  const B = Array.from(b);
  if (A.length === 0) return B.length;
  if (B.length === 0) return A.length;
  let prev = new Array<number>(B.length + 1);
  let cur = new Array<number>(B.length + 1);
  for (let j = 0; j <= B.length; j++) prev[j] = j;
  for (let i = 1; i <= A.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= B.length; j++) {
      const sub = prev[j - 1] + (A[i - 1] === B[j - 1] ? 0 : 1);
      cur[j] = Math.min(sub, prev[j] + 1, cur[j - 1] + 1);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[B.length];
}

/** CER of `hypothesis` against `reference` (0 = perfect; can exceed 1 for long garbage). */
export function characterErrorRate(reference: string, hypothesis: string): number {
  const ref = normaliseText(reference);
  const hyp = normaliseText(hypothesis);
  if (ref.length === 0) return hyp.length === 0 ? 0 : 1;
  return levenshtein(ref, hyp) / Array.from(ref).length;
}
