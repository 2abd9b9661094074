/** A page number from the address bar; anything odd shows the first page rather than an error. */
export function pageNumber(value: string | string[] | undefined): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : 1;
}
