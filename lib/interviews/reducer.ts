/**
 * The viewer's side of the interview event log (DESIGN.md §5, API.md "Interviews"): a page starts from the snapshot
 * of `getInterviewState` (with its `seq`) and applies every later `interview:event` in seq order. Pure and
 * client-safe: only type imports from the server modules.
 *
 * - seq ≤ state.seq: already applied (catch-up and live delivery overlap) → unchanged ("duplicate").
 * - seq = state.seq + 1: applied ("applied").
 * - seq > state.seq + 1: something was missed → unchanged ("gap"); the caller re-joins with `state.seq` and the
 *   server replays the missing events from the database.
 *
 * What a page derives from the state to render it, and the updates after its own acknowledged actions, are in
 * selectors.ts: a live page loads this module together with the socket (useInterviewLive.ts), after hydration,
 * because only socket events need it (issue 15 item 6).
 */
import type { InterviewEvent } from './events';
import { isRejectReason, type ModerationSummary, type OwnQuestionUpdate, type PublicPoll } from './event-types';
import type { InterviewState, Remark } from './queries';
import type { InterviewStatus } from './schema';
import type { PublicQuestion } from './views';
import { reduceLiveUpdate } from './live-updates-reducer';

export type { InterviewEvent };

export type ApplyOutcome = 'applied' | 'duplicate' | 'gap' | 'ignored';

export interface ApplyResult {
  state: InterviewState;
  outcome: ApplyOutcome;
  /** On a gap: re-join with this seq (the last one applied). */
  resyncFrom?: number;
}

const STATUSES: readonly InterviewStatus[] = ['draft', 'announced', 'live', 'ended', 'published'];
const isOpen = (status: InterviewStatus) => status === 'announced' || status === 'live';

function isQuestion(value: unknown): value is PublicQuestion {
  const q = value as PublicQuestion | null;
  return Boolean(q) && typeof q!.id === 'string' && typeof q!.body === 'string' && (q!.status === 'approved' || q!.status === 'answered');
}

const SUMMARY_KEYS = ['received', 'approved', 'answered', 'merged', 'rejected', 'pending'] as const satisfies ReadonlyArray<keyof ModerationSummary>;

function isSummary(value: unknown): value is ModerationSummary {
  const m = value as Record<string, unknown> | null;
  return Boolean(m) && typeof m === 'object' && SUMMARY_KEYS.every((k) => Number.isInteger(m![k]) && (m![k] as number) >= 0);
}

function isRemark(value: unknown): value is Remark {
  const r = value as Remark | null;
  return Boolean(r) && (typeof r!.id === 'number' || typeof r!.id === 'string') && typeof r!.body === 'string' && typeof r!.at === 'string';
}

/** Inserts or replaces a question, keeping the list in the order questions were asked. */
export function upsertQuestion(questions: PublicQuestion[], question: PublicQuestion): PublicQuestion[] {
  const index = questions.findIndex((q) => q.id === question.id);
  if (index >= 0) return questions.map((q, i) => (i === index ? question : q));
  const at = questions.findIndex((q) => q.askedAt > question.askedAt);
  return at < 0 ? [...questions, question] : [...questions.slice(0, at), question, ...questions.slice(at)];
}

/** The content change of one event (seq already checked). Unknown or malformed events change nothing. */
function reduce(state: InterviewState, event: InterviewEvent): InterviewState {
  // Typed per event type (event-types.ts#InterviewEventPayloads), but it came off the wire: every field is checked.
  const p = (event.payload ?? {}) as Record<string, unknown>;
  switch (event.type) {
    case 'status.changed': {
      const status = p.status as InterviewStatus;
      if (!STATUSES.includes(status)) return state;
      return {
        ...state,
        status,
        startedAt: status === 'live' ? state.startedAt ?? event.at : state.startedAt,
        endedAt: status === 'ended' ? state.endedAt ?? event.at : state.endedAt,
        // The server clears "now answering" when the interview ends; nobody may ask once it is over.
        answeringQuestionId: isOpen(status) ? state.answeringQuestionId : null,
        viewer: { ...state.viewer, canAsk: state.viewer.canAsk && isOpen(status) },
        // Ending and publishing carry how the questions fared (counted in the same transaction).
        moderation: isSummary(p.moderation) ? p.moderation : isOpen(status) ? null : state.moderation,
      };
    }
    case 'question.approved':
    case 'question.updated':
      return isQuestion(p.question) ? { ...state, questions: upsertQuestion(state.questions, p.question) } : state;
    case 'answer.published':
    case 'answer.corrected': {
      if (!isQuestion(p.question)) return state;
      const answered = p.question;
      return {
        ...state,
        questions: upsertQuestion(state.questions, answered),
        answeringQuestionId: state.answeringQuestionId === answered.id && answered.status === 'answered' ? null : state.answeringQuestionId,
      };
    }
    case 'question.removed': {
      const id = p.questionId;
      if (typeof id !== 'string') return state;
      return {
        ...state,
        questions: state.questions.filter((q) => q.id !== id),
        answeringQuestionId: state.answeringQuestionId === id ? null : state.answeringQuestionId,
      };
    }
    case 'question.answering':
      // `questionId: null` clears the highlight (the question being answered was rejected or merged).
      if (p.questionId === null) return { ...state, answeringQuestionId: null };
      return typeof p.questionId === 'string' ? { ...state, answeringQuestionId: p.questionId } : state;
    case 'host.remark': {
      if (!isRemark(p.remark)) return state;
      const remark = p.remark;
      if (state.remarks.some((r) => String(r.id) === String(remark.id))) return state;
      return { ...state, remarks: [...state.remarks, remark] };
    }
    case 'interview.updated': {
      // A moderator edited the announced interview: title, summary, schedule, guests, host, department, cover.
      const i = p.interview as Partial<InterviewState> & { questionQuota?: unknown } | undefined;
      if (!i || typeof i !== 'object' || typeof i.title !== 'string' || !Array.isArray(i.guests)) return state;
      return {
        ...state,
        title: i.title,
        summary: typeof i.summary === 'string' ? i.summary : state.summary,
        scheduledStart: typeof i.scheduledStart === 'string' ? i.scheduledStart : state.scheduledStart,
        scheduledEnd: typeof i.scheduledEnd === 'string' ? i.scheduledEnd : state.scheduledEnd,
        department: typeof i.department === 'string' || i.department === null ? i.department : state.department,
        host: typeof i.host === 'string' ? i.host : state.host,
        coverImageUrl: typeof i.coverImageUrl === 'string' || i.coverImageUrl === null ? i.coverImageUrl : state.coverImageUrl,
        guests: i.guests.filter((g) => g && typeof g.id === 'string' && typeof g.name === 'string' && typeof g.title === 'string'),
      };
    }
    case 'votes.updated': {
      const votes = p.votes as Record<string, unknown> | undefined;
      if (!votes || typeof votes !== 'object') return state;
      let changed = false;
      const questions = state.questions.map((q) => {
        const count = votes[q.id];
        if (typeof count !== 'number' || count === q.votes) return q;
        changed = true;
        return { ...q, votes: count };
      });
      return changed ? { ...state, questions } : state;
    }
    case 'update.posted':
    case 'update.retracted':
      return reduceLiveUpdate(state, event);
    case 'poll.updated': {
      if (!isPoll(p.poll)) return state;
      const poll = p.poll;
      const polls = state.polls ?? [];
      const at = polls.findIndex((x) => x.id === poll.id);
      return { ...state, polls: at < 0 ? [...polls, poll] : polls.map((x, i) => (i === at ? poll : x)) };
    }
    default:
      return state;
  }
}

function isPoll(value: unknown): value is PublicPoll {
  const v = value as PublicPoll | null;
  if (!v || typeof v !== 'object' || typeof v.id !== 'string' || typeof v.question !== 'string') return false;
  if (!Array.isArray(v.options) || !v.options.every((o) => typeof o === 'string')) return false;
  if (v.status !== 'open' && v.status !== 'closed') return false;
  return v.counts === null || (Array.isArray(v.counts) && v.counts.length === v.options.length && v.counts.every((c) => Number.isInteger(c) && c >= 0));
}

/** Applies one `interview:event` to the state, by seq: duplicates are dropped, a gap is reported. */
export function applyInterviewEvent(state: InterviewState, event: InterviewEvent): ApplyResult {
  if (!event || event.interviewId !== state.id || !Number.isInteger(event.seq)) return { state, outcome: 'ignored' };
  if (event.seq <= state.seq) return { state, outcome: 'duplicate' };
  if (event.seq > state.seq + 1) return { state, outcome: 'gap', resyncFrom: state.seq };
  return { state: { ...reduce(state, event), seq: event.seq }, outcome: 'applied' };
}

/** Applies events in order (a catch-up batch, a test); stops at the first gap. */
export function applyInterviewEvents(state: InterviewState, events: InterviewEvent[]): ApplyResult {
  let current = state;
  let applied = false;
  for (const event of events) {
    const result = applyInterviewEvent(current, event);
    if (result.outcome === 'gap') return result;
    if (result.outcome === 'applied') applied = true;
    current = result.state;
  }
  return { state: current, outcome: applied ? 'applied' : 'duplicate' };
}

/**
 * A moderator's decision on one of the viewer's own questions (`question:mine`, to the asker's connections only).
 * Unknown questions and malformed updates change nothing; an answered question stays answered.
 */
export function applyOwnQuestion(state: InterviewState, update: OwnQuestionUpdate): InterviewState {
  if (!update || update.interviewId !== state.id) return state;
  if (!['approved', 'merged', 'rejected'].includes(update.status)) return state;
  let changed = false;
  const mine = state.viewer.mine.map((q) => {
    if (q.id !== update.questionId || q.status === 'answered') return q;
    changed = true;
    const rejected = update.status === 'rejected';
    return {
      ...q,
      status: update.status,
      reason: rejected ? (isRejectReason(update.reason) ? update.reason : 'other') : null,
      note: rejected && typeof update.note === 'string' ? update.note : null,
    };
  });
  return changed ? { ...state, viewer: { ...state.viewer, mine } } : state;
}
