/**
 * What the public pages of an interview say and show in each phase of its life (DESIGN.md §5: draft → announced →
 * live → ended → published). The live page, the big screen and their tests read the wording from here, so a phase
 * cannot show another phase's text (the live page once said 访谈开始后… while live and 正在同步最新内容… after the
 * end). There is no paused phase: an interview is live until a moderator ends it. Pure and client-safe.
 */
import type { InterviewStatus } from './schema';

/** Every status, in order (schema.ts#INTERVIEW_STATUSES; not imported, so the client bundle carries no drizzle). */
export const PHASE_STATUSES = ['draft', 'announced', 'live', 'ended', 'published'] as const satisfies readonly InterviewStatus[];

export interface InterviewPhase {
  status: InterviewStatus;
  /** Message keys under `interviews.` */
  keys: {
    /** The line under the title: what is happening now. */
    note: string;
    /** The transcript while it has no entries. */
    empty: string;
    /** Above the open (approved, unanswered) questions. */
    openHint: string;
  };
  /** Questions may be asked (announced and live). */
  askOpen: boolean;
  /** The connection line (实时更新中 / 正在同步…): only while something is expected to happen live. */
  showConnection: boolean;
  /** 在看 人数: only while the interview is on. */
  showViewers: boolean;
  /** The 文字实录 link: once it is over. */
  transcriptReady: boolean;
}

const phaseKeys = (status: InterviewStatus) => ({
  note: `phase.${status}.note`,
  empty: `phase.${status}.empty`,
  openHint: `phase.${status}.openHint`,
});

export function interviewPhase(status: InterviewStatus): InterviewPhase {
  const over = status === 'ended' || status === 'published';
  return {
    status,
    keys: phaseKeys(status),
    askOpen: status === 'announced' || status === 'live',
    showConnection: !over,
    showViewers: status === 'live',
    transcriptReady: over,
  };
}

export const PHASES: readonly InterviewPhase[] = PHASE_STATUSES.map(interviewPhase);
