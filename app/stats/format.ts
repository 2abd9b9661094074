/** A 0–1 rate as a percentage with one decimal ("66.7%"), or the placeholder when there is nothing to divide. */
export function formatRate(value: number | null, none: string): string {
  return value === null ? none : `${(Math.round(value * 1000) / 10).toFixed(1)}%`;
}
