import { handle } from '@/lib/api/endpoint';
import * as admin from '@/lib/api/endpoints/admin';
import { json } from '@/lib/api/route';
import { listCalendar, removeCalendarDay, setCalendarDay } from '@/lib/calendar/admin';

export const dynamic = 'force-dynamic';

/** GET → {items: [{year, status, source, days: [{day, kind, name}]}]} (admin). */
export const GET = handle(admin.listCalendar, async ({ actor }) => json({ items: await listCalendar(actor) }));

/** POST {day, kind: "holiday"|"workday", name} → the year (admin); adds or replaces the day. */
export const POST = handle(admin.setCalendarDay, async ({ actor, body }) => json(await setCalendarDay(actor, body)));

/** DELETE ?day=YYYY-MM-DD → the year (admin); 404 when the day is not in the calendar. */
export const DELETE = handle(admin.removeCalendarDay, async ({ actor, query }) => json(await removeCalendarDay(actor, { day: query.day })));
