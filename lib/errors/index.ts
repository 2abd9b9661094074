import { z } from 'zod';
import { englishFields, fieldIssueOf, type FieldIssue } from './english-fields';

/** The error shape of API.md: {"error": {"code", "message", "fields"}}; every status is deliberate. */
export type ErrorCode =
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'too_large'
  | 'invalid_input'
  | 'rate_limited'
  | 'bad_request'
  | 'unavailable';

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  too_large: 413,
  invalid_input: 422,
  rate_limited: 429,
  unavailable: 503,
};

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
    readonly retryAfterSeconds?: number,
    /** What zod said about each field (invalidInput): lets a field message be put into English (lib/errors/english-fields.ts). */
    readonly issues?: Record<string, FieldIssue>,
  ) {
    super(message);
    this.status = STATUS[code];
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) } };
  }
}

export const unauthenticated = () => new AppError('unauthenticated', '请先登录');
export const forbidden = (message = '您没有权限进行此操作') => new AppError('forbidden', message);
export const notFound = (message = '未找到，或您无权查看') => new AppError('not_found', message);
/** The database cannot be reached right now (lib/db#isDatabaseUnavailable): try again shortly, nothing was saved. */
export const DATABASE_UNAVAILABLE_MESSAGE = '服务暂时不可用（数据库连接中断），请稍后重试；本次操作未保存';
export const conflict = (message = '已被他人处理，请刷新后重试') => new AppError('conflict', message);

/** What zod said about the first issue of each field, keyed like fieldErrors. */
export function fieldIssues(error: z.ZodError): Record<string, FieldIssue> {
  const issues: Record<string, FieldIssue> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_';
    issues[key] ??= fieldIssueOf(issue as unknown as Parameters<typeof fieldIssueOf>[0]);
  }
  return issues;
}

/**
 * First message per field, keyed by dotted path, for forms and 422 bodies: the schema's (Chinese) messages, or in
 * English for `locale` 'en' (a form checking its input in the browser: useLocale()).
 */
export function fieldErrors(error: z.ZodError, locale?: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_';
    fields[key] ??= issue.message;
  }
  return locale === 'en' ? englishFields(fields, fieldIssues(error)) : fields;
}

export function invalidInput(error: z.ZodError): AppError {
  return new AppError('invalid_input', '提交的内容有误，请检查标出的项目', fieldErrors(error), undefined, fieldIssues(error));
}

/** Parse with a schema or throw a 422 AppError with Chinese field messages. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw invalidInput(result.error);
  return result.data;
}
