import { json, readJson, requestActor, route } from '@/lib/api/route';
import { listCalendar, removeCalendarDay, setCalendarDay } from '@/lib/calendar/admin';

export const dynamic = 'force-dynamic';

/** GET → {items: [{year, status, source, days: [{day, kind, name}]}]} (admin). */
export const GET = route(async () => json({ items: await listCalendar(await requestActor()) }));

/** POST {day, kind: "holiday"|"workday", name} → the year (admin); adds or replaces the day. */
export const POST = route(async (request) => {
  const actor = await requestActor();
  return json(await setCalendarDay(actor, await readJson(request, 4 * 1024)));
});

/** DELETE ?day=YYYY-MM-DD → the year (admin); 404 when the day is not in the calendar. */
export const DELETE = route(async (request) => {
  const day = new URL(request.url).searchParams.get('day') ?? undefined;
  return json(await removeCalendarDay(await requestActor(), { day }));
});
