import type { PublicAnswer } from './views';

/** “管理员黄主持于 … 更正” / “王局长于 … 更正”: who corrected a published answer and when (issue 12, item 7). */
export function correctionText(t: (key: 'correctedBy' | 'correctedByModerator' | 'correctedWhen', values: { by?: string; time: string }) => string, correction: NonNullable<PublicAnswer['correction']>, time: string): string {
  if (!correction.by) return t('correctedWhen', { time });
  return t(correction.byModerator ? 'correctedByModerator' : 'correctedBy', { by: correction.by, time });
}
