import { describe, expect, it } from 'vitest';
import { seedDemoInterviews } from '@/lib/seed/demo-interviews';
import { seedDemoBacklog, seedDemoLetters } from '@/lib/seed/demo-letters';
import { db } from '@/lib/db';
import { listInterviews, getInterviewState } from '@/lib/interviews/queries';
import { listLetters, PAGE_SIZE } from '@/lib/letters/queries';
import { submitLetter } from '@/lib/letters/operations';
import { actorFor } from './support/users';

// The demo content is dated relative to the time it is seeded; the test seeds and reads it at one fixed time.
const SEEDED_AT = new Date('2026-11-16T10:00:00+08:00');

describe('demo content', () => {
  it('seeds letters and interviews through the real operations, consistent with what the pages show', async () => {
    await seedDemoLetters(db(), SEEDED_AT);
    await seedDemoInterviews(db(), SEEDED_AT);
    const handler = await actorFor('handler@example.com');
    const queue = await listLetters(handler, { scope: 'queue' }, SEEDED_AT);
    expect(queue.items[0]).toMatchObject({ title: '某KTV深夜噪音扰民问题', badges: ['overdue'] });
    const lists = await listInterviews();
    expect(lists.past.map((i) => i.status)).toEqual(['published']);
    expect(lists.upcoming).toHaveLength(1);
    const past = await getInterviewState({ user: null, ip: null }, lists.past[0]!.slug);
    expect(past.questions.every((q) => q.answer)).toBe(true);
    expect(past.remarks).toHaveLength(2);
  });

  it('a busy bureau (SEED_DEMO_BACKLOG) fills each queue past a page; a queue sorts by deadline or by arrival', async () => {
    await seedDemoLetters(db(), SEEDED_AT);
    await seedDemoBacklog(db(), PAGE_SIZE + 5, SEEDED_AT);
    const [moderator, handler, citizen] = await Promise.all(['moderator@example.com', 'handler@example.com', 'citizen@example.com'].map((email) => actorFor(email)));
    const triage = await listLetters(moderator, { scope: 'queue' }, SEEDED_AT);
    const department = await listLetters(handler, { scope: 'queue' }, SEEDED_AT);
    expect(triage.total).toBeGreaterThan(PAGE_SIZE);
    expect(department.total).toBeGreaterThan(PAGE_SIZE);

    // A letter that just arrived: last by deadline (on a later page), first by arrival.
    const fresh = await submitLetter(citizen, { kind: 'inquiry', departmentId: null, title: '刚到达的来信', body: '请问文化馆周末是否开放？', consentToPublish: false }, { now: SEEDED_AT });
    const byDeadline = await listLetters(moderator, { scope: 'queue' }, SEEDED_AT);
    expect(byDeadline.items.map((l) => l.trackingNo)).not.toContain(fresh.trackingNo);
    const lastPage = await listLetters(moderator, { scope: 'queue', page: Math.ceil(byDeadline.total / PAGE_SIZE) }, SEEDED_AT);
    expect(lastPage.items.at(-1)?.trackingNo).toBe(fresh.trackingNo);
    const byArrival = await listLetters(moderator, { scope: 'queue', sort: 'newest' }, SEEDED_AT);
    expect(byArrival.items[0]?.trackingNo).toBe(fresh.trackingNo);
    expect(byArrival.total).toBe(byDeadline.total);
  });
});
