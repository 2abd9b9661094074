/**
 * `npm run setup` — first run of a new installation (docs/SETUP.md): migrates the database, then creates the
 * organisation and the first admin account.
 *
 *   npm run setup                                   (asks for each value)
 *   npm run setup -- --org-name 厦门市文化和旅游局 --org-code XM-WL \
 *                    --admin-email admin@wl.xm.gov.cn --admin-password '…' [--admin-name 张三]
 *
 * The database is DATABASE_URL (PostgreSQL) or, without it, the embedded PGlite database in DATA_DIR (default
 * ./data; stop the app first — PGlite allows one process per folder). Exits non-zero, changing nothing, when the
 * database already has an admin or a value is invalid.
 */
import path from 'node:path';
import readline from 'node:readline';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { openDatabase, type Database } from '../lib/db';
import { AppError } from '../lib/errors';
import { seedReferenceData } from '../lib/seed/reference';
import { ALREADY_SET_UP_MESSAGE, adminCount, runFirstSetup, setupInput, type SetupInput } from '../lib/setup/first-run';

export interface SetupIo {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  error: NodeJS.WritableStream;
  /** Whether prompts may hide what is typed (a terminal). */
  interactive: boolean;
}

const FLAGS = {
  'org-name': { type: 'string' },
  'org-code': { type: 'string' },
  'admin-email': { type: 'string' },
  'admin-password': { type: 'string' },
  'admin-name': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const USAGE = `用法 / usage:
  npm run setup                       交互式（逐项询问） / interactive
  npm run setup -- --org-name <机构名称> --org-code <机构代码，如 XM-WL> --admin-email <邮箱> --admin-password <密码> [--admin-name <姓名>]
数据库 / database: DATABASE_URL，未设置时为 DATA_DIR（默认 ./data）中的内置数据库（运行前请先停止应用）。`;

/** Asks each missing value on the terminal (the password without echo), validating each answer as it comes. */
async function ask(io: SetupIo, given: Partial<Record<keyof SetupInput, string>>): Promise<SetupInput> {
  let muted = false;
  const echo = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) io.output.write(chunk);
      done();
    },
  });
  const rl = readline.createInterface({ input: io.input, output: echo, terminal: io.interactive });
  const lines: string[] = [];
  let waiting: ((line: string | null) => void) | null = null;
  let closed = false;
  rl.on('line', (line) => (waiting ? (waiting(line), (waiting = null)) : lines.push(line)));
  rl.on('close', () => {
    closed = true;
    waiting?.(null);
  });
  const question = (prompt: string, secret = false) => new Promise<string | null>((resolve) => {
    io.output.write(prompt);
    muted = secret && io.interactive;
    if (lines.length) return resolve(lines.shift()!);
    if (closed) return resolve(null);
    waiting = resolve;
  }).then((answer) => {
    if (muted) io.output.write('\n');
    muted = false;
    return answer;
  });

  const fields: Array<{ key: keyof SetupInput; prompt: string; secret?: boolean; optional?: boolean }> = [
    { key: 'orgName', prompt: '机构名称 Organisation name（如 厦门市文化和旅游局）: ' },
    { key: 'orgCode', prompt: '机构代码 Bureau code for index numbers 索引号（如 XM-WL）: ' },
    { key: 'adminName', prompt: '管理员姓名 Admin name（可留空 optional）: ', optional: true },
    { key: 'adminEmail', prompt: '管理员邮箱 Admin e-mail: ' },
    { key: 'adminPassword', prompt: '管理员密码 Admin password（至少 10 个字符 ≥ 10 characters）: ', secret: true },
  ];
  const answers: Record<string, string | undefined> = { ...given };
  try {
    for (const field of fields) {
      if (answers[field.key] !== undefined) continue;
      for (;;) {
        const answer = await question(field.prompt, field.secret);
        if (answer === null) throw new AppError('bad_request', '输入已结束，未完成初始化。Input ended before setup was complete.');
        const value = answer.trim() === '' && field.optional ? undefined : field.secret ? answer : answer.trim();
        if (value === undefined) break;
        const check = setupInput.shape[field.key].safeParse(value);
        if (check.success) {
          if (field.secret) {
            const again = await question('再次输入密码 Repeat the password: ', true);
            if (again !== value) {
              io.error.write('两次输入的密码不一致，请重新输入。The passwords do not match.\n');
              continue;
            }
          }
          answers[field.key] = value;
          break;
        }
        io.error.write(`${check.error.issues[0]?.message ?? '输入有误'}\n`);
      }
    }
  } finally {
    rl.close();
  }
  return answers as SetupInput;
}

/**
 * The script's body, for the command and for tests: returns the exit code. `database` is opened from the
 * environment when not given (and closed again).
 */
export async function main(argv: string[], io: SetupIo, database?: Database): Promise<number> {
  let values: ReturnType<typeof parseArgs<{ options: typeof FLAGS; args: string[]; strict: true }>>['values'];
  try {
    ({ values } = parseArgs({ args: argv, options: FLAGS, strict: true, allowPositionals: false }));
  } catch (error) {
    io.error.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.output.write(`${USAGE}\n`);
    return 0;
  }
  const given: Partial<Record<keyof SetupInput, string>> = {
    orgName: values['org-name'], orgCode: values['org-code'], adminEmail: values['admin-email'],
    adminPassword: values['admin-password'], adminName: values['admin-name'],
  };
  const scripted = Object.values(given).some((v) => v !== undefined);

  const own = !database;
  const url = process.env.DATABASE_URL || undefined;
  const db = database ?? openDatabase(url ? { url } : { dataDir: path.join(path.resolve(process.env.DATA_DIR || './data'), 'pglite') });
  try {
    io.output.write(`数据库 Database: ${db.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : 'embedded PGlite'} — 正在迁移 migrating…\n`);
    await db.migrate();
    await seedReferenceData(db.db);
    if ((await adminCount(db.db)) > 0) {
      io.error.write(`${ALREADY_SET_UP_MESSAGE}\n`);
      return 1;
    }
    let input: SetupInput;
    if (scripted) {
      for (const key of ['orgName', 'orgCode', 'adminEmail', 'adminPassword'] as const) {
        if (given[key] === undefined) {
          io.error.write(`缺少参数 missing --${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}\n${USAGE}\n`);
          return 2;
        }
      }
      input = given as SetupInput;
    } else {
      io.output.write('民声 Minsheng 初始化 first-run setup：创建机构和第一个管理员账号。\n');
      input = await ask(io, given);
    }
    const result = await runFirstSetup(db.db, input);
    io.output.write(
      `\n初始化完成 Setup complete.\n  机构 Organisation: ${result.organisation.name}（${result.organisation.code}）\n` +
        `  管理员 Admin: ${result.admin.name} <${result.admin.email}>\n` +
        '下一步 Next: 启动应用（npm start），用该邮箱登录，在“系统管理 → 机构信息”中填写地址、电话等，再添加部门和工作人员。\n' +
        'Start the app (npm start), sign in with this e-mail and complete the organisation profile, then add departments and staff.\n',
    );
    return 0;
  } catch (error) {
    if (error instanceof AppError) {
      const fields = Object.entries(error.fields ?? {}).map(([k, v]) => `  - ${k}: ${v}\n`).join('');
      io.error.write(`初始化未完成，未做任何更改 Setup failed, nothing was changed: ${error.message}\n${fields}`);
      return 1;
    }
    io.error.write(`初始化失败 Setup failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    if (own) await db.close().catch(() => {});
  }
}

if (process.argv[1] && /scripts[\\/]setup\.ts$/.test(process.argv[1])) {
  main(process.argv.slice(2), { input: process.stdin, output: process.stdout, error: process.stderr, interactive: Boolean(process.stdin.isTTY) })
    .then((code) => process.exit(code))
    .catch((error: unknown) => {
      console.error('初始化失败 Setup failed:', error);
      process.exit(1);
    });
}
