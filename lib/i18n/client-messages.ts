/**
 * Which namespaces of the message catalogue reach the browser, per folder of app/ (issue 15 item 6: every page used
 * to carry the whole catalogue, staff strings included — ~60 KB of each page's HTML and most of its render work).
 *
 * Client components are the only ones that need messages in the browser; server components translate on the
 * server. A folder's layout wraps its pages in `<ClientMessages route="…">`, which passes the folder's namespaces (and
 * the root's, none now). Pages outside such a folder load no next-intl client code at all.
 * test/client-messages.test.ts checks that every client component's namespaces are listed for its folder.
 */
export const CLIENT_MESSAGES = {
  // The root hands the browser nothing: a provider there put next-intl's client and its ICU formatter (12 KB gzipped)
  // on every page. The 500 page's texts go down in a context (app/_components/ErrorTexts.tsx).
  '': [],
  register: ['auth'],
  'letters/lookup': ['letterLookup', 'letterAttachments', 'letterUi'],
  // The write form's similar-answers panel (app/letters/new/SimilarAnswers.tsx).
  'letters/new': ['similarAnswers', 'letterForm', 'topicPicker'],
  interviews: ['interviews'],
  // Only the pages of 依申请公开 applications: the catalogue, guide and annual report have no client text, and the
  // namespace (9 KB, the staff's action forms included) made /disclosure weigh 46 KB.
  'disclosure/apply': ['applications', 'applicationIntake'],
  'disclosure/applications': ['applications'],
  // Staff-entered letters (issue 17): the intake form, and the citizen's claim form.
  'workspace/letters': ['letterIntake', 'topicPicker'],
  'workspace/citizen/claim': ['letterIntake'],
  // Staff-entered applications: the public application form with the intake fields (app/disclosure/apply/ApplyForm).
  'workspace/disclosure': ['applications', 'applicationIntake'],
  'workspace/admin': ['workspace', 'roles', 'accountabilityAdmin', 'calendarAdmin'],
  'workspace/leader': ['interviewsStaff'],
  'workspace/moderator/interviews': ['interviewsStaff', 'interviewsManage'],
  'workspace/moderator/archive': ['archiveStaff'],
  'workspace/moderator/disclosure': ['disclosureStaff'],
  'workspace/moderator/annual-report': ['annualReport'],
  // The staff application page renders the public application page's forms (app/disclosure/applications/_components).
  'workspace/moderator/applications': ['applications'],
} as const satisfies Record<string, readonly string[]>;

export type ClientRoute = keyof typeof CLIENT_MESSAGES;

/** The namespaces a folder's pages receive: the root's and the folder's own. */
export function clientNamespaces(route: ClientRoute): string[] {
  return [...new Set<string>([...CLIENT_MESSAGES[''], ...CLIENT_MESSAGES[route]])];
}

/** The part of a catalogue that a folder's client components use. */
export function pickClientMessages(messages: Record<string, unknown>, route: ClientRoute): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const ns of clientNamespaces(route)) if (ns in messages) picked[ns] = messages[ns];
  return picked;
}
