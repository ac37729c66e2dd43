/** Small statistics for repeated runs: the table reports the median and the spread, not a lucky best run. */

export function median(xs: number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export const min = (xs: number[]): number => (xs.length ? Math.min(...xs) : Number.NaN);
export const max = (xs: number[]): number => (xs.length ? Math.max(...xs) : Number.NaN);

export function fmt(x: number, digits = 2): string {
  return Number.isFinite(x) ? x.toFixed(digits) : '-';
}
