import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, jsonb, numeric, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { users } from '../accounts/schema';
import { bytea } from '../db/columns';
import { letterChannelEnum } from '../letters/schema';
import { REASON_CODES_BY_OUTCOME } from './annual-labels';

/** The catalogue tree of the government information disclosure column (DESIGN.md §6). */
export const catalogueCategories = pgTable('catalogue_categories', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  /** Stable code used in index numbers (索引号), e.g. "07" or "0702". */
  code: text().notNull().unique(),
  name: text().notNull(),
  nameEn: text().notNull(),
  parentId: bigint({ mode: 'number' }).references((): AnyPgColumn => catalogueCategories.id),
  sortOrder: integer().notNull().default(0),
});

/**
 * Uploaded documents (PDF attachments of catalogue items, reply documents of applications), stored in the database
 * so a backup of it is a backup of everything and PGlite needs no file store. Size is capped by the upload code.
 */
export const disclosureFiles = pgTable('disclosure_files', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  publicId: text().notNull().unique(),
  fileName: text().notNull(),
  mimeType: text().notNull(),
  sizeBytes: integer().notNull(),
  sha256: text().notNull(),
  data: bytea().notNull(),
  uploadedById: bigint({ mode: 'number' }).references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** 公开属性: only `proactive` (主动公开) items are public; the others are registered for the statistics. */
export const DISCLOSURE_ATTRIBUTES = ['proactive', 'on_request', 'exempt'] as const;
export type DisclosureAttribute = (typeof DISCLOSURE_ATTRIBUTES)[number];
export const disclosureAttributeEnum = pgEnum('disclosure_attribute', DISCLOSURE_ATTRIBUTES);

export const CATALOGUE_ITEM_STATUSES = ['draft', 'published', 'withdrawn'] as const;
export type CatalogueItemStatus = (typeof CATALOGUE_ITEM_STATUSES)[number];
export const catalogueItemStatusEnum = pgEnum('catalogue_item_status', CATALOGUE_ITEM_STATUSES);

/**
 * An item of the disclosure catalogue (法定主动公开内容). Published archive entries are items too (issue 5);
 * moderators create the others (issue 6).
 */
export const catalogueItems = pgTable('catalogue_items', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  publicId: text().notNull().unique(),
  /** 索引号: bureau code – category code – year – sequence; unique and never reused. */
  indexNo: text().notNull().unique(),
  categoryId: bigint({ mode: 'number' }).notNull().references(() => catalogueCategories.id),
  title: text().notNull(),
  summary: text().notNull(),
  body: text().notNull().default(''),
  /** 发布机构 */
  publisher: text().notNull(),
  attribute: disclosureAttributeEnum().notNull().default('proactive'),
  status: catalogueItemStatusEnum().notNull().default('draft'),
  /** 生成日期 (Beijing date the information was made). */
  generatedOn: date({ mode: 'string' }).notNull(),
  publishedAt: timestamp({ withTimezone: true }),
  withdrawnAt: timestamp({ withTimezone: true }),
  withdrawReason: text(),
  /** Where the item comes from, when the platform made it: `/archive/<id>` for an archive entry. */
  sourceUrl: text(),
  /** An attached document (usually PDF), downloadable from the item page. */
  attachmentFileId: bigint({ mode: 'number' }).references(() => disclosureFiles.id),
  /**
   * 政策解读: the policy document this item explains. `restrict`: items are never deleted (withdrawn instead, their
   * index numbers being cited), and a deletion that silently turned an interpretation into a free-standing item, or
   * broke the version history that records the link, should fail rather than happen.
   */
  interpretsItemId: bigint({ mode: 'number' }).references((): AnyPgColumn => catalogueItems.id, { onDelete: 'restrict' }),
  createdById: bigint({ mode: 'number' }).references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  version: integer().notNull().default(1),
}, (t) => [
  // A document's interpretations (the item page's 政策解读 links).
  index('catalogue_items_interprets_idx').on(t.interpretsItemId).where(sql`${t.interpretsItemId} is not null`),
  check('catalogue_items_interprets_other', sql`${t.interpretsItemId} <> ${t.id}`),
  index('catalogue_items_public_idx').on(t.status, t.attribute, t.categoryId, t.publishedAt),
  index('catalogue_items_published_idx').on(t.publishedAt),
  // One catalogue item per platform page (an archive entry is published, unpublished and republished as one item).
  uniqueIndex('catalogue_items_source_idx').on(t.sourceUrl),
  // The home page's latest items of the bureau's own (not the archive's answers, which it lists apart): newest first
  // among a few hundred rows, not a walk past a million answers.
  index('catalogue_items_own_idx').on(t.publishedAt, t.id).where(sql`${t.sourceUrl} is null and ${t.status} = 'published' and ${t.attribute} = 'proactive'`),
]);

/** The last sequence number handed out per category and year; the row lock makes index numbers gap-free. */
export const catalogueSequences = pgTable('catalogue_sequences', {
  categoryId: bigint({ mode: 'number' }).notNull().references(() => catalogueCategories.id),
  year: integer().notNull(),
  lastSeq: integer().notNull().default(0),
}, (t) => [primaryKey({ columns: [t.categoryId, t.year] }), check('catalogue_sequences_year', sql`${t.year} between 2000 and 2999`)]);

/** Every edit of a catalogue item keeps the previous text: versions are never changed, only added. */
export const catalogueItemVersions = pgTable('catalogue_item_versions', {
  itemId: bigint({ mode: 'number' }).notNull().references(() => catalogueItems.id),
  version: integer().notNull(),
  categoryId: bigint({ mode: 'number' }).notNull().references(() => catalogueCategories.id),
  title: text().notNull(),
  summary: text().notNull(),
  body: text().notNull(),
  attribute: disclosureAttributeEnum().notNull(),
  attachmentFileId: bigint({ mode: 'number' }).references(() => disclosureFiles.id),
  /** The document this version interprets (政策解读), as it was linked then. */
  interpretsItemId: bigint({ mode: 'number' }).references(() => catalogueItems.id, { onDelete: 'restrict' }),
  editedById: bigint({ mode: 'number' }).references(() => users.id),
  editedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  note: text(),
}, (t) => [primaryKey({ columns: [t.itemId, t.version] })]);

/** Editable pages of the column: 政府信息公开指南 (guide) and 政府信息公开制度 (rules). */
export const DISCLOSURE_PAGE_KEYS = ['guide', 'rules'] as const;
export type DisclosurePageKey = (typeof DISCLOSURE_PAGE_KEYS)[number];
export const disclosurePages = pgTable('disclosure_pages', {
  key: text().primaryKey().$type<DisclosurePageKey>(),
  title: text().notNull(),
  body: text().notNull(),
  version: integer().notNull().default(1),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedById: bigint({ mode: 'number' }).references(() => users.id),
});

// ---- 依申请公开: applications for information (2019 regulation, arts. 27–45) ----

export const APPLICANT_TYPES = ['person', 'company', 'research', 'nonprofit', 'legal', 'other'] as const;
export type ApplicantType = (typeof APPLICANT_TYPES)[number];
export const applicantTypeEnum = pgEnum('applicant_type', APPLICANT_TYPES);

export const APPLICATION_FORMS = ['electronic', 'paper'] as const;
export const applicationFormEnum = pgEnum('application_form', APPLICATION_FORMS);

/**
 * submitted → registered (clock running) ⇄ needs_correction (补正: clock stopped; the answer restarts it in full)
 * ⇄ consulting (third-party consultation: clock paused) → answered; withdrawn by the applicant before the answer.
 */
export const APPLICATION_STATUSES = ['submitted', 'registered', 'needs_correction', 'consulting', 'answered', 'withdrawn'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
export const applicationStatusEnum = pgEnum('application_status', APPLICATION_STATUSES);

/** Reply types of the regulation (art. 36) as the annual report counts them. */
export const APPLICATION_OUTCOMES = ['disclosed', 'partly_disclosed', 'withheld', 'unavailable', 'not_handled', 'other'] as const;
export type ApplicationOutcome = (typeof APPLICATION_OUTCOMES)[number];
export const applicationOutcomeEnum = pgEnum('application_outcome', APPLICATION_OUTCOMES);

// The template's sub-rows (国办公开办函〔2021〕30号, section 三) as reason codes: a reply that withholds, cannot provide,
// does not handle or otherwise handles carries one, in the template's order. Defined beside the template's words
// (annual-labels.ts), which the report page's table views share.
export { REASON_CODES_BY_OUTCOME };
export type CodedOutcome = keyof typeof REASON_CODES_BY_OUTCOME;
export const CODED_OUTCOMES = Object.keys(REASON_CODES_BY_OUTCOME) as CodedOutcome[];
export const APPLICATION_REASON_CODES = [
  ...REASON_CODES_BY_OUTCOME.withheld, ...REASON_CODES_BY_OUTCOME.unavailable, ...REASON_CODES_BY_OUTCOME.not_handled, ...REASON_CODES_BY_OUTCOME.other,
] as const;
export type ApplicationReasonCode = (typeof APPLICATION_REASON_CODES)[number];
export const applicationReasonCodeEnum = pgEnum('application_reason_code', APPLICATION_REASON_CODES);

export const disclosureApplications = pgTable('disclosure_applications', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  /** "GK" + YYYYMMDD (Beijing date of receipt) + 4-digit daily sequence. */
  trackingNo: text().notNull().unique(),
  applicantId: bigint({ mode: 'number' }).notNull().references(() => users.id),
  applicantType: applicantTypeEnum().notNull(),
  applicantName: text().notNull(),
  /** For organisations: name and unified social credit code. */
  organisationName: text(),
  creditCode: text(),
  contactPhone: text(),
  contactAddress: text(),
  description: text().notNull(),
  purpose: text(),
  form: applicationFormEnum().notNull(),
  status: applicationStatusEnum().notNull().default('submitted'),
  /** Beijing date the application was received (the day the clock counts from). */
  receivedOn: date({ mode: 'string' }).notNull(),
  /** Same clock as letters: dueOn = addWorkingDays(clockStart, remainingDays); null while stopped or paused. */
  clockStart: date({ mode: 'string' }),
  remainingDays: integer(),
  dueOn: date({ mode: 'string' }),
  extensionDays: integer().notNull().default(0),
  extensionReason: text(),
  correctionRequested: boolean().notNull().default(false),
  correctionNote: text(),
  correctionDueOn: date({ mode: 'string' }),
  consultationNote: text(),
  outcome: applicationOutcomeEnum(),
  /** The legal reason for 不予公开 / 无法提供 / 不予处理 (and what 其他处理 was). */
  outcomeReason: text(),
  /** The template's sub-row for withheld / unavailable / not_handled / other (REASON_CODES_BY_OUTCOME). */
  reasonCode: applicationReasonCodeEnum(),
  /** 信息处理费: the fee notice (amount in fen, the day it was sent) and its payment. */
  feeAmountFen: integer(),
  feeNotifiedOn: date({ mode: 'string' }),
  feePaidOn: date({ mode: 'string' }),
  replyBody: text(),
  replyFileId: bigint({ mode: 'number' }).references(() => disclosureFiles.id),
  answeredAt: timestamp({ withTimezone: true }),
  handlerId: bigint({ mode: 'number' }).references(() => users.id),
  submittedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  idempotencyKey: text(),
  version: integer().notNull().default(1),
  /**
   * Where the application came in (issue 17; the letters' channel enum): the website, or entered by staff for an
   * applicant who phoned, wrote, came in person, sent an e-mail or was transferred from 12345. A staff-entered one is
   * held by the staff member who entered it (`applicantId` = `enteredById`) until the applicant claims it into a
   * citizen account with its tracking number and `queryCode` (`claimedAt`); until then notices for the applicant go
   * to `contactEmail`, if given (lib/disclosure/intake.ts).
   */
  channel: letterChannelEnum().notNull().default('web'),
  enteredById: bigint({ mode: 'number' }).references(() => users.id),
  queryCode: text(),
  contactEmail: text(),
  claimedAt: timestamp({ withTimezone: true }),
  /** The applicant's language, as letters.locale: e-mails to `contactEmail` are written in it. */
  locale: text().notNull().default('zh-CN'),
}, (t) => [
  index('disclosure_applications_channel_idx').on(t.channel, t.receivedOn),
  uniqueIndex('disclosure_applications_idempotency').on(t.applicantId, t.idempotencyKey),
  index('disclosure_applications_applicant_idx').on(t.applicantId, t.submittedAt),
  index('disclosure_applications_queue_idx').on(t.status, t.dueOn),
  index('disclosure_applications_received_idx').on(t.receivedOn),
  check('disclosure_applications_extension', sql`${t.extensionDays} between 0 and 20`),
  check('disclosure_applications_fee', sql`${t.feeAmountFen} is null or ${t.feeAmountFen} > 0`),
]);

/** The application's timeline; `public` events are shown to the applicant. */
export const disclosureApplicationEvents = pgTable('disclosure_application_events', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  applicationId: bigint({ mode: 'number' }).notNull().references(() => disclosureApplications.id),
  type: text().notNull(),
  actorId: bigint({ mode: 'number' }).references(() => users.id),
  actorRole: text().notNull(),
  at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  public: boolean().notNull().default(true),
  data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
}, (t) => [index('disclosure_application_events_idx').on(t.applicationId, t.id)]);

// ---- 政府信息公开工作年度报告 ----

export const ANNUAL_REPORT_STATUSES = ['draft', 'published'] as const;
export const annualReportStatusEnum = pgEnum('annual_report_status', ANNUAL_REPORT_STATUSES);

/** The yearly report: tables are generated from the data each time; only the text sections are stored. */
export const annualReports = pgTable('annual_reports', {
  year: integer().primaryKey(),
  /** Text sections by key (总体情况, 存在的主要问题及改进情况, 其他需要报告的事项 …). */
  sections: jsonb().$type<Record<string, string>>().notNull().default({}),
  /**
   * The figures as published (lib/disclosure/annual-report.ts AnnualReportTables), frozen at publication and at each
   * 更新数据: the public page and the PDF show the same report whatever is recorded later. Null for drafts (their
   * figures are computed on every read) and for reports published before it was kept.
   */
  tables: jsonb().$type<unknown>(),
  status: annualReportStatusEnum().notNull().default('draft'),
  catalogueItemId: bigint({ mode: 'number' }).references(() => catalogueItems.id),
  publishedAt: timestamp({ withTimezone: true }),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedById: bigint({ mode: 'number' }).references(() => users.id),
  version: integer().notNull().default(1),
}, (t) => [check('annual_reports_year', sql`${t.year} between 2000 and 2999`)]);

// ---- 行政复议 and 行政诉讼 about disclosure (annual report section 四) ----

export const REVIEW_KINDS = ['reconsideration', 'litigation_direct', 'litigation_after'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];
export const reviewKindEnum = pgEnum('disclosure_review_kind', REVIEW_KINDS);
export const REVIEW_OUTCOMES = ['upheld', 'corrected', 'other', 'pending'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];
export const reviewOutcomeEnum = pgEnum('disclosure_review_outcome', REVIEW_OUTCOMES);

/** A 行政复议 or 行政诉讼 case about the bureau's disclosure work, recorded by a moderator. */
export const disclosureReviews = pgTable('disclosure_reviews', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  kind: reviewKindEnum().notNull(),
  applicationId: bigint({ mode: 'number' }).references(() => disclosureApplications.id),
  /** Beijing date the case was filed: the report year it counts in. */
  filedOn: date({ mode: 'string' }).notNull(),
  outcome: reviewOutcomeEnum().notNull(),
  note: text(),
  createdById: bigint({ mode: 'number' }).references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('disclosure_reviews_filed_idx').on(t.filedOn)]);

/**
 * Cells of section 二 (主动公开) entered by a moderator for a year, where the catalogue cannot derive them
 * (annual-report.ts PROACTIVE_2021_CELLS). `value` is a count, or 万元 for fees.
 */
export const annualReportFigures = pgTable('annual_report_figures', {
  year: integer().notNull(),
  cell: text().notNull(),
  value: numeric({ precision: 14, scale: 4 }).notNull(),
  updatedById: bigint({ mode: 'number' }).references(() => users.id),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.year, t.cell] }), check('annual_report_figures_year', sql`${t.year} between 2000 and 2999`)]);
