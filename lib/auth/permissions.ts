import type { Role } from '../accounts/schema';
import { forbidden, unauthenticated } from '../errors';

/**
 * The one permission table (DESIGN.md §1): permission → roles allowed. One role hierarchy: an admin holds every
 * permission a moderator holds (and the admin ones besides); test/invitations.test.ts checks the table keeps it. Operations call assertCan() themselves;
 * pages use the same table to guard what they render. Ownership rules (own department, own letter, guest of
 * this interview) are checked by the operation on top of this.
 */
export const PERMISSIONS = {
  // Workspaces (pages)
  'workspace.citizen': ['citizen'],
  'workspace.handler': ['handler', 'leader'],
  'workspace.leader': ['leader'],
  'workspace.moderator': ['moderator', 'admin'],
  'workspace.admin': ['admin'],
  // Letters (政民互动)
  'letters.create': ['citizen'],
  'letters.rate': ['citizen'],
  'letters.triage': ['moderator', 'admin'],
  'letters.reply': ['handler', 'leader'],
  'letters.extend': ['handler', 'leader'],
  'letters.transfer': ['handler', 'leader', 'moderator', 'admin'],
  // Staff-entered letters (issue 17, lib/letters/intake.ts): a handler for their own department, a moderator or
  // admin for any (or for none: routed later).
  'letters.intake': ['handler', 'moderator', 'admin'],
  // Reply templates (答复模板): a department's staff edit their department's; moderators and admins every
  // department's and the bureau-wide ones.
  'letters.templates': ['handler', 'leader', 'moderator', 'admin'],
  // Interviews (在线访谈)
  'interviews.manage': ['moderator', 'admin'],
  'interviews.ask': ['citizen'],
  'interviews.answer': ['leader'],
  // 订阅提醒 (issue 16 item 6): a citizen is told when an interview goes live and when its transcript is published.
  'interviews.subscribe': ['citizen'],
  'questions.moderate': ['moderator', 'admin'],
  // 意见征集 (issue 16 item 2): moderators draft, open, close, moderate and dispose of comments, publish the feedback;
  // citizens comment and subscribe (told when it closes and when the feedback is published).
  'consultations.manage': ['moderator', 'admin'],
  'consultations.comment': ['citizen'],
  'consultations.subscribe': ['citizen'],
  // Archive and disclosure
  // Moderators curate in their workspace; admins may too (through the API). Handlers and leaders may not publish.
  'archive.curate': ['moderator', 'admin'],
  'disclosure.publish': ['moderator', 'admin'],
  'disclosure.apply': ['citizen'],
  // 政府信息公开工作年度报告: edit the text sections and publish (tables are generated from the data).
  'disclosure.annualReport': ['moderator', 'admin'],
  // 依申请公开: the disclosure office (moderators, admins) registers and answers applications.
  'disclosure.handle': ['moderator', 'admin'],
  // Staff-entered applications (issue 17, lib/disclosure/intake.ts): handlers and moderators enter an application
  // received by phone, on paper, in person, by e-mail or from 12345; the office (disclosure.handle) works it.
  'disclosure.intake': ['handler', 'moderator', 'admin'],
  // 督办台 (issue 14): moderators and admins see every open case; a leader the letters of the leader's own
  // department and the bureau's applications, read-only (working or opening one needs disclosure.handle) —
  // lib/accountability/supervision.ts.
  'supervision.read': ['leader', 'moderator', 'admin'],
  // The inspection radar (政府网站检查指标): moderators' and admins' dashboards and GET /api/v1/compliance.
  'compliance.read': ['moderator', 'admin'],
  // Accountability (issue 14): the monthly internal 通报 — leaders see their own department's only.
  'accountability.bulletins': ['leader', 'moderator', 'admin'],
  // The accountability loop (issue 14), on letters and applications alike: the writer's or applicant's 催办; a
  // moderator's 督办 with a note and a target date; a moderator's record of a 回访 made by phone.
  'cases.urge': ['citizen'],
  'cases.supervise': ['moderator', 'admin'],
  'cases.callback': ['moderator', 'admin'],
  // 热点分析 and 每月一题 (issue 17 item 6, lib/hotspots): leaders, moderators and admins read the weekly hotspots;
  // moderators and admins adopt one as an action and edit it; the action's owner (its department's handlers and
  // leaders, or the staff member named) marks milestones done — the operation checks the ownership.
  'hotspots.read': ['leader', 'moderator', 'admin'],
  'actions.manage': ['moderator', 'admin'],
  'actions.progress': ['handler', 'leader', 'moderator', 'admin'],
  // Administration
  'admin.users': ['admin'],
  'admin.organisation': ['admin'],
  'admin.departments': ['admin'],
  'admin.calendar': ['admin'],
  'admin.categories': ['admin'],
  'admin.audit': ['admin'],
  // API tokens for integrators (lib/tokens): create, list, revoke. Only with a session, never with a token.
  'admin.tokens': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export interface ActorUser {
  /** Internal key; never leaves the server. */
  id: number;
  publicId: string;
  name: string;
  role: Role;
  departmentId: number | null;
  departmentPublicId: string | null;
  title: string | null;
}

/** An API token behind a request (lib/tokens): its public id and the permissions it is restricted to. */
export interface ActorToken {
  id: string;
  scopes: readonly Permission[];
}

/**
 * Who is acting: a signed-in user or a visitor, and from which address (for limits and the audit log). A request
 * with `Authorization: Bearer` acts as the token's account with `token` set: every permission check then also
 * needs the permission among the token's scopes.
 */
export interface Actor {
  user: ActorUser | null;
  ip: string | null;
  token?: ActorToken;
}

export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as [Permission, ...Permission[]];

/** Whether a token (if any) allows this permission; sessions are not restricted. */
export function scopeAllows(actor: Actor, permission: Permission): boolean {
  return !actor.token || actor.token.scopes.includes(permission);
}

/** Whether the role does a moderator's work: moderators, and admins (who hold every moderator permission). */
export function actsAsModerator(role: Role): boolean {
  return role === 'moderator' || role === 'admin';
}

export function can(actor: Actor, permission: Permission): boolean {
  return actor.user !== null && (PERMISSIONS[permission] as readonly Role[]).includes(actor.user.role) && scopeAllows(actor, permission);
}

/**
 * For operations whose who-may rule is not a permission check (a letter's transition table, an application's):
 * a token must still carry the permission that names the action. 403 otherwise; sessions pass.
 */
export function assertScope(actor: Actor, permission: Permission): void {
  if (!scopeAllows(actor, permission)) throw forbidden(`API 令牌的权限范围不包括 ${permission}`);
}

/** Throws 401 for a visitor and 403 for a signed-in user without the permission. */
export function assertCan(actor: Actor, permission: Permission): asserts actor is Actor & { user: ActorUser } {
  if (!actor.user) throw unauthenticated();
  if (!can(actor, permission)) throw scopeAllows(actor, permission) ? forbidden() : forbidden(`API 令牌的权限范围不包括 ${permission}`);
}

/** The workspace each role lands on after signing in. */
export const HOME_WORKSPACE: Record<Role, string> = {
  citizen: '/workspace/citizen',
  handler: '/workspace/handler',
  leader: '/workspace/leader',
  moderator: '/workspace/moderator',
  admin: '/workspace/admin',
};

/** Every workspace a role may open, for the header's links. */
export function workspacesFor(role: Role): Array<{ permission: Permission; href: string; key: string }> {
  const all = [
    { permission: 'workspace.citizen' as const, href: '/workspace/citizen', key: 'citizen' },
    { permission: 'workspace.handler' as const, href: '/workspace/handler', key: 'handler' },
    { permission: 'workspace.leader' as const, href: '/workspace/leader', key: 'leader' },
    { permission: 'workspace.moderator' as const, href: '/workspace/moderator', key: 'moderator' },
    { permission: 'workspace.admin' as const, href: '/workspace/admin', key: 'admin' },
  ];
  return all.filter((w) => (PERMISSIONS[w.permission] as readonly Role[]).includes(role));
}
