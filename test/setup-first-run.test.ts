import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisation, users } from '@/lib/accounts/schema';
import { checkPasswordPolicy } from '@/lib/accounts/password-policy';
import { verifyPassword } from '@/lib/accounts/password';
import { auditLog } from '@/lib/audit/schema';
import { openDatabase, type Database } from '@/lib/db';
import { isSetUp } from '@/lib/setup/first-run';
import { main, type SetupIo } from '@/scripts/setup';

/**
 * `npm run setup` (scripts/setup.ts): its main() against fresh empty databases (not this file's demo-seeded one),
 * and once as a process on an embedded database folder.
 */

const ROOT = path.join(__dirname, '..');
const PASSWORD = 'Gulangyu-Harbour-2026';

function io(lines: string[] = []): SetupIo & { out: () => string; err: () => string } {
  const input = new PassThrough();
  for (const line of lines) input.write(`${line}\n`);
  input.end();
  let out = '';
  let err = '';
  const output = new PassThrough();
  output.on('data', (c: Buffer) => (out += c.toString()));
  const error = new PassThrough();
  error.on('data', (c: Buffer) => (err += c.toString()));
  return { input, output, error, interactive: false, out: () => out, err: () => err };
}

const FLAGS = ['--org-name', '厦门市文化和旅游局', '--org-code', 'xm-wl', '--admin-email', 'Admin@WL.example.gov.cn', '--admin-password', PASSWORD, '--admin-name', '张三'];

let fresh: Database[] = [];
async function emptyDatabase(): Promise<Database> {
  const d = openDatabase({ dataDir: null });
  fresh.push(d);
  return d;
}
afterAll(async () => {
  for (const d of fresh) await d.close().catch(() => {});
  fresh = [];
});

describe('password policy', () => {
  it('wants ten characters and refuses common passwords, also padded with digits', () => {
    expect(checkPasswordPolicy('short1')).toMatch(/至少 10 个字符/);
    expect(checkPasswordPolicy('1234567890')).toMatch(/常见密码/);
    expect(checkPasswordPolicy('Password2026!')).toMatch(/常见密码/);
    expect(checkPasswordPolicy('qwertyuiop')).toMatch(/常见密码/);
    expect(checkPasswordPolicy('aaaaaaaaaaaa')).toBe('密码不能由同一个字符重复组成'); // its own reason (test/account-self-service.test.ts)
    expect(checkPasswordPolicy('a'.repeat(129))).toMatch(/最多 128/);
    expect(checkPasswordPolicy('鼓浪屿日光岩的海风')).toMatch(/至少 10/); // 9 characters, counted as characters
    expect(checkPasswordPolicy('鼓浪屿日光岩的海风很大')).toBeNull();
    expect(checkPasswordPolicy(PASSWORD)).toBeNull();
  });
});

describe('npm run setup: main()', () => {
  it('migrates an empty database, creates the organisation and the admin with flags, and audits it', async () => {
    const d = await emptyDatabase();
    const cli = io();
    expect(await main(FLAGS, cli, d)).toBe(0);
    expect(cli.out()).toContain('初始化完成');
    const [org] = await d.db.select().from(organisation);
    expect(org).toMatchObject({ name: '厦门市文化和旅游局', code: 'XM-WL' });
    const [admin] = await d.db.select().from(users).where(eq(users.role, 'admin'));
    expect(admin).toMatchObject({ name: '张三', email: 'admin@wl.example.gov.cn', status: 'active', departmentId: null });
    expect(await verifyPassword(admin!.passwordHash, PASSWORD)).toBe(true);
    expect(await isSetUp(d.db)).toBe(true);
    const audit = await d.db.select().from(auditLog).where(eq(auditLog.action, 'setup.first_run'));
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(PASSWORD);

    // A second setup is refused, in Chinese and English, and changes nothing.
    const again = io();
    expect(await main(['--org-name', '另一个局', '--org-code', 'OTHER', '--admin-email', 'b@example.gov.cn', '--admin-password', PASSWORD], again, d)).toBe(1);
    expect(again.err()).toContain('已完成初始化');
    expect(again.err()).toContain('already set up');
    expect(await d.db.select({ name: organisation.name }).from(organisation)).toEqual([{ name: '厦门市文化和旅游局' }]);
    expect(await d.db.select({ id: users.id }).from(users)).toHaveLength(1);
  });

  it('asks for each value when run without flags, repeating a question until the answer is valid', async () => {
    const d = await emptyDatabase();
    const cli = io(['示范局', 'SF', '', 'admin@example.gov.cn', 'password123', PASSWORD, 'typo-typo-typo', PASSWORD, PASSWORD]);
    expect(await main([], cli, d)).toBe(0);
    expect(cli.err()).toContain('常见密码');
    expect(cli.err()).toContain('不一致');
    const [admin] = await d.db.select().from(users);
    expect(admin).toMatchObject({ name: '系统管理员', email: 'admin@example.gov.cn', role: 'admin' });
  });

  it('refuses invalid values and missing flags with a message, changing nothing', async () => {
    const d = await emptyDatabase();
    const weak = io();
    expect(await main(['--org-name', '示范局', '--org-code', 'SF', '--admin-email', 'admin@example.gov.cn', '--admin-password', 'password2026'], weak, d)).toBe(1);
    expect(weak.err()).toContain('常见密码');
    const badCode = io();
    expect(await main(['--org-name', '示范局', '--org-code', '文旅', '--admin-email', 'not-an-email', '--admin-password', PASSWORD], badCode, d)).toBe(1);
    expect(badCode.err()).toMatch(/orgCode: 机构代码只能包含/);
    expect(badCode.err()).toMatch(/adminEmail/);
    const missing = io();
    expect(await main(['--org-name', '示范局'], missing, d)).toBe(2);
    expect(missing.err()).toContain('--org-code');
    const unknown = io();
    expect(await main(['--org', 'x'], unknown, d)).toBe(2);
    expect(await d.db.select().from(users)).toEqual([]);
    expect(await d.db.select().from(organisation)).toEqual([]);
    expect(await isSetUp(d.db)).toBe(false);
  });

  it('refuses the demo-seeded database of this file (it has an admin)', async () => {
    const { db } = await import('@/lib/db');
    const cli = io();
    expect(await main(FLAGS, cli, { db: db(), kind: 'pglite', migrate: async () => {}, ping: async () => {}, close: async () => {} })).toBe(1);
    expect(cli.err()).toContain('已完成初始化');
  });
});

describe('npm run setup as a process', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'minsheng-setup-'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const run = (args: string[]) => new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL')), DATA_DIR: tmp } as unknown as NodeJS.ProcessEnv;
    execFile(process.execPath, ['--import', 'tsx', 'scripts/setup.ts', ...args], { cwd: ROOT, env }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });

  it('sets up an embedded database folder, then refuses a second run with a non-zero exit', async () => {
    const first = await run(FLAGS);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('初始化完成');
    const second = await run(FLAGS);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('已完成初始化');
  }, 180_000);
});
