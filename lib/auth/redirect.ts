/** Only same-site paths may be returned to after signing in ("/x", never "//evil" or "https://…"). */
export function safeReturnPath(value: unknown, fallback = '/workspace'): string {
  if (typeof value !== 'string' || value.length > 500) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  return value;
}
