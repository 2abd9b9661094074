import { asc, desc, eq, inArray, ne } from 'drizzle-orm';
import { db } from '../db';
import { notFound } from '../errors';
import { departments, users } from '../accounts/schema';
import { renderIcs } from '../feeds/ics';
import type { RssItem } from '../feeds/rss';
import { interviewGuests, interviews, type InterviewStatus } from './schema';
import { dateTimeFormat } from '../calendar/date-format';

/**
 * The public interview as a calendar event (GET /interviews/<slug>/calendar.ics) and the interviews feed
 * (/feeds/interviews.xml). Public means announced, live, ended or published; a draft does not exist here.
 */

const STATUS_TAG: Record<Exclude<InterviewStatus, 'draft'>, string> = { announced: '预告', live: '直播中', ended: '已结束', published: '文字实录' };

const columns = {
  id: interviews.id,
  publicId: interviews.publicId,
  slug: interviews.slug,
  title: interviews.title,
  summary: interviews.summary,
  status: interviews.status,
  scheduledStart: interviews.scheduledStart,
  scheduledEnd: interviews.scheduledEnd,
  createdAt: interviews.createdAt,
  startedAt: interviews.startedAt,
  endedAt: interviews.endedAt,
  publishedAt: interviews.publishedAt,
  version: interviews.version,
  department: departments.name,
};

async function guestLines(ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db()
    .select({ interviewId: interviewGuests.interviewId, name: users.name, title: interviewGuests.title })
    .from(interviewGuests).innerJoin(users, eq(users.id, interviewGuests.userId))
    .where(inArray(interviewGuests.interviewId, ids))
    .orderBy(asc(interviewGuests.interviewId), asc(interviewGuests.sortOrder));
  const map = new Map<number, string[]>();
  for (const r of rows) map.set(r.interviewId, [...(map.get(r.interviewId) ?? []), `${r.title} ${r.name}`]);
  return new Map([...map].map(([k, v]) => [k, v.join('、')]));
}

const beijing = (d: Date) => dateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' }).format(d);

/** The .ics of one public interview; 404 for a draft or an unknown slug. */
export async function interviewCalendar(slug: string, origin: string, now = new Date()): Promise<{ body: string; filename: string }> {
  const [row] = await db().select(columns).from(interviews)
    .leftJoin(departments, eq(interviews.departmentId, departments.id))
    .where(eq(interviews.slug, slug));
  if (!row || row.status === 'draft') throw notFound('没有这场访谈');
  const guests = (await guestLines([row.id])).get(row.id);
  const url = new URL(`/interviews/${encodeURIComponent(row.slug)}`, origin).toString();
  const description = [
    row.summary,
    guests ? `嘉宾：${guests}` : null,
    row.department ? `部门：${row.department}` : null,
    `观看和提问：${url}`,
  ].filter(Boolean).join('\n');
  const body = renderIcs({
    prodId: '-//Minsheng//Online interviews//ZH',
    name: '民声 在线访谈',
    now,
    events: [{
      uid: `interview-${row.publicId}@${new URL(origin).host}`,
      start: row.scheduledStart,
      end: row.scheduledEnd,
      summary: `在线访谈：${row.title}`,
      description,
      location: url,
      url,
      status: 'CONFIRMED',
      // Edits of an announced interview (time, title) raise its version: calendars take the newer copy.
      sequence: row.version - 1,
    }],
  });
  return { body, filename: `interview-${row.slug}.ics` };
}

/** The latest 50 public interviews, newest schedule first, as RSS items. */
export async function interviewFeedItems(origin: string): Promise<RssItem[]> {
  const rows = await db().select(columns).from(interviews)
    .leftJoin(departments, eq(interviews.departmentId, departments.id))
    .where(ne(interviews.status, 'draft'))
    .orderBy(desc(interviews.scheduledStart), desc(interviews.id))
    .limit(50);
  const guests = await guestLines(rows.map((r) => r.id));
  return rows.map((r) => {
    const status = r.status as Exclude<InterviewStatus, 'draft'>;
    const g = guests.get(r.id);
    return {
      title: `【${STATUS_TAG[status]}】${r.title}`,
      link: new URL(`/interviews/${encodeURIComponent(r.slug)}`, origin).toString(),
      guid: `interview-${r.publicId}`,
      description: `访谈时间：${beijing(r.scheduledStart)}（北京时间）。${g ? `嘉宾：${g}。` : ''}${r.summary}`,
      category: r.department ?? '在线访谈',
      // The latest public milestone: the transcript, the end, the start, or (announced) when it was created.
      pubDate: r.publishedAt ?? r.endedAt ?? r.startedAt ?? r.createdAt,
    };
  });
}
