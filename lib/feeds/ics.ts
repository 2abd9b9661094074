/**
 * iCalendar (RFC 5545) documents: one VCALENDAR with VEVENTs, for "添加到日历" on an interview
 * (/interviews/<slug>/calendar.ics). Written here rather than with a library: ical-generator 11 requires Node 22 or
 * 24 (the project runs on 20 too) and `ics` brings yup, nanoid and runes2 for what is ~80 lines.
 *
 * What the RFC asks and this does: CRLF line endings (§3.1); content lines folded at 75 octets with a CRLF and one
 * space, never inside a UTF-8 sequence (§3.1); TEXT values escaped — backslash, semicolon, comma, newline — and
 * control characters dropped (§3.3.11); DATE-TIME in UTC with the Z suffix (§3.3.5, form #2); the required VERSION
 * and PRODID, and UID and DTSTAMP on every VEVENT (§3.6.1).
 */
export interface IcsEvent {
  /** Globally unique and stable across downloads, so calendars update the event rather than adding a second one. */
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  description?: string;
  /** Absolute URL of the event's page. */
  url?: string;
  location?: string;
  /** Increases when the event is changed (RFC 5545 §3.8.7.4). */
  sequence?: number;
  status?: 'TENTATIVE' | 'CONFIRMED' | 'CANCELLED';
  lastModified?: Date;
}

export interface IcsCalendar {
  /** PRODID: who made the document. */
  prodId: string;
  /** X-WR-CALNAME, the name calendars show for an imported file. */
  name?: string;
  events: IcsEvent[];
  /** DTSTAMP: when this document was made. */
  now?: Date;
}

const CRLF = '\r\n';
const MAX_OCTETS = 75;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F]/g;

/** A TEXT value (§3.3.11): backslash, semicolon and comma escaped, line breaks as \n, other control characters dropped. */
export function escapeText(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, '')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\n/g, '\\n');
}

/** DATE-TIME in UTC (§3.3.5 form #2): 20261203T020000Z. */
export function formatUtc(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * Folds one content line (§3.1): at most 75 octets on each physical line, continuation lines starting with one space
 * (which counts towards their 75). Splits between code points only, so no UTF-8 sequence is cut.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    const limit = parts.length === 0 ? MAX_OCTETS : MAX_OCTETS - 1;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

/** A URI value (§3.3.13) is not TEXT: no escaping, but it may not contain line breaks or control characters. */
const uri = (value: string) => value.replace(CONTROL, '').replace(/[\r\n]/g, '');

export function renderIcs(calendar: IcsCalendar): string {
  const stamp = formatUtc(calendar.now ?? new Date());
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${escapeText(calendar.prodId)}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
  ];
  if (calendar.name) lines.push(`X-WR-CALNAME:${escapeText(calendar.name)}`);
  for (const event of calendar.events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeText(event.uid)}`,
      `DTSTAMP:${stamp}`,
      `DTSTART:${formatUtc(event.start)}`,
      `DTEND:${formatUtc(event.end)}`,
      `SUMMARY:${escapeText(event.summary)}`,
    );
    if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
    if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
    if (event.url) lines.push(`URL:${uri(event.url)}`);
    if (event.status) lines.push(`STATUS:${event.status}`);
    if (event.sequence !== undefined) lines.push(`SEQUENCE:${Math.max(0, Math.trunc(event.sequence))}`);
    if (event.lastModified) lines.push(`LAST-MODIFIED:${formatUtc(event.lastModified)}`);
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join(CRLF) + CRLF;
}

/** The HTTP response for a calendar file: downloaded under `filename`, never cached (a withdrawn event leaves at once). */
export function icsResponse(body: string, filename: string): Response {
  const safe = filename.replace(/[^A-Za-z0-9._-]/g, '_');
  return new Response(body, {
    headers: {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': `attachment; filename="${safe}"`,
      'cache-control': 'no-store',
    },
  });
}
