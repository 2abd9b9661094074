import { describe, expect, it } from 'vitest';
import { INTERVIEW_STATUSES } from '@/lib/interviews/schema';
import { interviewPhase, PHASE_STATUSES } from '@/lib/interviews/phase';
import en from '@/lib/i18n/messages/en.json';
import zh from '@/lib/i18n/messages/zh-CN.json';

/**
 * lib/interviews/phase.ts: what the public interview pages say and show in each status. The live page once said
 * 访谈开始后… while live and 正在同步最新内容… after the end; every status is checked here.
 */
const lookup = (catalogue: unknown, key: string): unknown =>
  key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), (catalogue as { interviews: unknown }).interviews);

const zhText = (key: string) => lookup(zh, key) as string;

/** Per status: what is shown, and words its texts must (or must not) contain. */
const EXPECTED = {
  draft: { askOpen: false, showConnection: true, showViewers: false, transcriptReady: false, note: /草稿/, notIn: [] as RegExp[] },
  announced: { askOpen: true, showConnection: true, showViewers: false, transcriptReady: false, note: /尚未开始.*提问/, notIn: [/已结束/, /正在进行/] },
  live: { askOpen: true, showConnection: true, showViewers: true, transcriptReady: false, note: /正在进行/, notIn: [/访谈开始后/, /已结束/, /尚未开始/] },
  ended: { askOpen: false, showConnection: false, showViewers: false, transcriptReady: true, note: /已结束/, notIn: [/访谈开始后/, /正在进行/, /同问/, /同步/] },
  published: { askOpen: false, showConnection: false, showViewers: false, transcriptReady: true, note: /文字实录已发布/, notIn: [/访谈开始后/, /正在进行/, /同问/, /同步/] },
} as const;

describe('interview phase wording', () => {
  it('covers every interview status, in the schema order', () => {
    expect([...PHASE_STATUSES]).toEqual([...INTERVIEW_STATUSES]);
    expect(Object.keys(EXPECTED)).toEqual([...INTERVIEW_STATUSES]);
  });

  for (const status of INTERVIEW_STATUSES) {
    it(`${status}: shows what the phase allows and says what is true of it, in both languages`, () => {
      const phase = interviewPhase(status);
      const expected = EXPECTED[status];
      expect(phase.status).toBe(status);
      expect({ askOpen: phase.askOpen, showConnection: phase.showConnection, showViewers: phase.showViewers, transcriptReady: phase.transcriptReady })
        .toEqual({ askOpen: expected.askOpen, showConnection: expected.showConnection, showViewers: expected.showViewers, transcriptReady: expected.transcriptReady });
      for (const key of Object.values(phase.keys)) {
        expect(typeof lookup(zh, key), `zh-CN interviews.${key}`).toBe('string');
        expect(typeof lookup(en, key), `en interviews.${key}`).toBe('string');
        expect(lookup(en, key) as string, `en interviews.${key} is English`).not.toMatch(/\p{Script=Han}/u);
        for (const wrong of expected.notIn) expect(zhText(key), `interviews.${key}`).not.toMatch(wrong);
      }
      expect(zhText(phase.keys.note)).toMatch(expected.note);
    });
  }

  it('no two phases a viewer can tell apart share a note', () => {
    const notes = INTERVIEW_STATUSES.map((s) => zhText(interviewPhase(s).keys.note));
    expect(new Set(notes).size).toBe(notes.length);
  });
});
