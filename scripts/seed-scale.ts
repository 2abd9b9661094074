/**
 * `npm run seed:scale` — a PostgreSQL database at archive scale for `npm run bench:web` (docs/BENCHMARKS.md).
 *
 *   npm run seed:scale [-- <postgres url>] [--letters=1000000] [--interviews=200] [--reset]
 *
 * Database: the argument, else SCALE_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/minsheng_scale (created
 * when missing). Migrates, seeds reference and demo data (demo accounts included), then generates:
 * - 20,000 citizens;
 * - LETTERS letters (咨询/投诉/建议) from 2024-01 to yesterday across the demo departments, written from phrase
 *   templates whose slots are drawn with a Zipf spread (a few words are everywhere, most are rare), some with personal
 *   data; ~90 % answered (an answer message each), the rest open with due dates; the escalation ladder's history
 *   at its default limits (rating reminders, unrated answers closed as 未评价, due-soon notices and 系统催办 of open
 *   letters: events and claims), so a server started on the database works from today instead of catching up;
 * - for most answered letters whose writer consented, a published archive entry: the texts masked by
 *   lib/archive/masking.ts, its bigram search vector from lib/archive/search.ts, and its disclosure catalogue item
 *   with an index number (the per-category-and-year counters are set to match);
 * - INTERVIEWS published interviews with 20–40 answered questions each and their archive entries (the transcript).
 *
 * Bulk loading: COPY … FROM STDIN in chunks; identity ids are assigned in COPY order on one connection, so a chunk's
 * rows are base+1 … base+n (checked after every COPY). Secondary indexes of the big tables are dropped first and
 * rebuilt at the end with their migration definitions, then ANALYZE and VACUUM (visibility map for index-only
 * scans). Refuses to run on a database that already holds scale data, unless --reset (drops and recreates it).
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import { openDatabase } from '../lib/db';
import { seedReferenceData } from '../lib/seed/reference';
import { seedDemoData } from '../lib/seed/demo';
import { loadCalendarRules } from '../lib/calendar';
import { addWorkingDays, chinaDate, chinaYear, type CalendarRules } from '../lib/calendar/workdays';
import { refreshRates } from '../lib/stats/rates';
import { maskPersonalData } from '../lib/archive/masking';
import { searchVectorLiteral } from '../lib/archive/search';
import { ACCOUNTABILITY_DEFAULTS } from '../lib/accountability/settings';

// ---------------------------------------------------------------- options

function option(name: string, fallback: string): string {
  const flag = `--${name}`;
  for (const arg of process.argv.slice(2)) {
    if (arg === flag) return '1';
    if (arg.startsWith(`${flag}=`)) return arg.slice(flag.length + 1);
  }
  return fallback;
}
const positional = process.argv.slice(2).find((a) => !a.startsWith('--'));
const DATABASE_URL = positional ?? process.env.SCALE_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/minsheng_scale';
const LETTERS = Number(option('letters', process.env.SCALE_LETTERS ?? '1000000'));
const INTERVIEWS = Number(option('interviews', process.env.SCALE_INTERVIEWS ?? '200'));
const CITIZENS = Number(option('citizens', '20000'));
const RESET = option('reset', '0') === '1';
const CHUNK = Number(option('chunk', '25000'));
const FIRST_DAY = '2024-01-01';
if (!Number.isInteger(LETTERS) || LETTERS < 1 || LETTERS > 10_000_000) throw new Error('--letters must be 1 … 10,000,000');
if (!Number.isInteger(INTERVIEWS) || INTERVIEWS < 0 || INTERVIEWS > 10_000) throw new Error('--interviews must be 0 … 10,000');

/** A calendar date `n` days from `day` (YYYY-MM-DD). */
function shiftDay(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

// ---------------------------------------------------------------- deterministic randomness

let seed = 20_261_127;
/** mulberry32: the same database on every run. */
function random(): number {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const chance = (p: number) => random() < p;

/** A picker with Zipf weights (rank r has weight 1/r^s): the first items are common, the tail is rare. */
function zipf<T>(items: readonly T[], s = 1.1): () => T {
  const cumulative: number[] = [];
  let sum = 0;
  for (let r = 1; r <= items.length; r++) cumulative.push((sum += 1 / r ** s));
  return () => {
    const x = random() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return items[lo]!;
  };
}
const uniform = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;

// ---------------------------------------------------------------- text

const PLACES = zipf(['东湖公园', '西山景区', '古城墙', '滨海步道', '老街', '植物园', '海湾公园', '云顶山', '溪头村', '南山寺', '北岸湿地', '月亮湾', '石门古镇', '凤凰山森林公园', '梅林水库', '天心阁', '龙潭峡谷', '观音岩', '白鹭洲', '金沙滩', '翠屏湖', '九曲溪', '鹿鸣山庄', '桃花岛', '青石巷', '钟楼广场', '红砖厝', '渔人码头', '樱花谷', '松涛园']);
const VENUES = zipf(['市图书馆', '市博物馆', '文化艺术中心', '大剧院', '美术馆', '群众艺术馆', '青少年宫', '科技馆', '非遗展示馆', '少儿图书馆', '音乐厅', '档案馆', '华侨博物院', '老年大学', '社区文化站', '城市书房', '民俗馆', '革命纪念馆']);
const DISTRICTS = zipf(['东城区', '西城区', '南湖区', '北岸区', '高新区', '临海县', '青山县', '滨江新区']);
const HERITAGE = zipf(['南音', '高甲戏', '歌仔戏', '木偶戏', '漆线雕', '珠绣', '答嘴鼓', '剪纸', '龙舟赛', '妈祖信俗', '宋江阵', '拍胸舞', '蜡染', '竹编', '茶艺', '皮影戏'], 1.3);
const BUSINESSES = zipf(['网吧', 'KTV', '酒吧', '剧本杀店', '密室逃脱', '旅行社', '民宿', '酒店', '游乐场', '电影院', '演出场所', '书店', '游戏厅', '台球室', '健身房'], 1.0);
const ITEMS = zipf(['门票', '停车', '厕所', '导游', '讲解', '开放时间', '预约', '排队', '噪音', '卫生', '安全', '价格', '退款', '投诉电话', '无障碍通道', '母婴室', '指示牌', '垃圾桶', '座椅', 'WiFi', '充电桩', '儿童票', '老年票', '学生证', '志愿者']);
const TIMES = zipf(['周末', '节假日', '国庆期间', '春节期间', '暑假', '寒假', '晚上', '上午', '每天', '五一假期', '端午节', '中秋节']);
const ADJ = zipf(['严重', '非常', '比较', '十分', '特别', '有些', '经常', '长期', '多次', '一直']);

type Kind = 'inquiry' | 'complaint' | 'suggestion';

interface Topic {
  dept: string;
  category: string;
  kinds: Kind[];
  titles: Array<() => string>;
  questions: Array<() => string>;
  answers: Array<() => string>;
}

const TOPICS: Topic[] = [
  {
    dept: 'tourism', category: '10', kinds: ['complaint', 'inquiry', 'suggestion'],
    titles: [
      () => `关于${PLACES()}${ITEMS()}的问题`, () => `${PLACES()}${ITEMS()}价格是否合理`, () => `投诉${PLACES()}${ITEMS()}管理混乱`,
      () => `${PLACES()}${TIMES()}游客太多`, () => `咨询${PLACES()}${ITEMS()}政策`, () => `建议${PLACES()}增设${ITEMS()}`,
    ],
    questions: [
      () => `我${TIMES()}带家人去${PLACES()}游玩，发现${ITEMS()}${ADJ()}不方便。`,
      () => `${PLACES()}的${ITEMS()}问题${ADJ()}突出，游客意见很大。`,
      () => `景区门票价格偏高，${PLACES()}的门票比周边景区贵了不少。`,
      () => `请问${PLACES()}${TIMES()}是否需要提前预约？${ITEMS()}怎么办理？`,
      () => `${PLACES()}停车场车位不足，${TIMES()}排队要一个多小时。`,
      () => `${PLACES()}的导游强制游客购物，服务态度${ADJ()}差。`,
      () => `景区内${ITEMS()}缺乏维护，存在安全隐患。`,
      () => `希望${PLACES()}能够增加${ITEMS()}，方便老人和儿童。`,
      () => `我在${PLACES()}购买的${ITEMS()}无法退款，工作人员互相推诿。`,
      () => `${DISTRICTS()}的旅游厕所数量太少，卫生条件也不好。`,
    ],
    answers: [
      () => `经核实，${PLACES()}已于${TIMES()}增加${ITEMS()}服务，并安排专人负责。`,
      () => `我局已责成${PLACES()}管理单位对${ITEMS()}问题进行整改，并加强日常巡查。`,
      () => `关于景区门票价格，${PLACES()}门票价格经价格主管部门核定，符合相关规定。`,
      () => `${TIMES()}${PLACES()}实行预约游览，游客可通过官方公众号提前预约。`,
      () => `我局旅游市场执法人员已约谈相关旅行社，对强制购物行为依法立案调查。`,
      () => `下一步，我们将督促景区完善${ITEMS()}设施，提升游客体验。`,
    ],
  },
  {
    dept: 'market', category: '10', kinds: ['complaint', 'complaint', 'inquiry'],
    titles: [
      () => `投诉${DISTRICTS()}某${BUSINESSES()}${ITEMS()}扰民`, () => `${BUSINESSES()}违规接纳未成年人`, () => `举报${BUSINESSES()}无证经营`,
      () => `关于${BUSINESSES()}${ITEMS()}的投诉`, () => `${DISTRICTS()}${BUSINESSES()}噪音问题`,
    ],
    questions: [
      () => `${DISTRICTS()}一家${BUSINESSES()}${TIMES()}营业到深夜，噪音${ADJ()}扰民，影响居民休息。`,
      () => `我发现附近${BUSINESSES()}允许未成年人进入，希望有关部门查处。`,
      () => `该${BUSINESSES()}没有悬挂营业执照和文化经营许可证，涉嫌无证经营。`,
      () => `${BUSINESSES()}消防通道被堵塞，存在${ADJ()}大的安全隐患。`,
      () => `多次向该${BUSINESSES()}反映${ITEMS()}问题，商家一直不予理会。`,
      () => `演出场所擅自加场，票价${ADJ()}高，消费者权益得不到保障。`,
    ],
    answers: [
      () => `接到来信后，我局文化市场综合执法人员到现场进行了检查，已责令该${BUSINESSES()}立即整改。`,
      () => `经查，该${BUSINESSES()}存在接纳未成年人的违法行为，我局已依法给予警告并处罚款。`,
      () => `执法人员对该场所进行了噪音检测，已要求经营者${TIMES()}控制营业时间和音量。`,
      () => `该${BUSINESSES()}已取得网络文化经营许可证，证照齐全，未发现违规经营行为。`,
      () => `我们将把该场所列入重点监管对象，加大检查频次。`,
    ],
  },
  {
    dept: 'public-service', category: '08', kinds: ['inquiry', 'suggestion', 'complaint'],
    titles: [
      () => `${VENUES()}${ITEMS()}问题`, () => `建议${VENUES()}延长开放时间`, () => `咨询${VENUES()}${ITEMS()}`,
      () => `${VENUES()}借阅服务建议`, () => `关于${DISTRICTS()}建设${VENUES()}的建议`,
    ],
    questions: [
      () => `${VENUES()}${TIMES()}闭馆太早，上班族下班后无法借阅图书。`,
      () => `请问${VENUES()}办理借书证需要哪些材料？是否可以线上办理？`,
      () => `${VENUES()}的座位经常被占，自习室${ITEMS()}管理不到位。`,
      () => `建议在${DISTRICTS()}新建一座${VENUES()}，方便周边居民。`,
      () => `${VENUES()}的${ITEMS()}设施陈旧，希望尽快更新。`,
      () => `图书馆借阅期限太短，续借手续${ADJ()}繁琐。`,
      () => `公共文化服务应当覆盖农村地区，${DISTRICTS()}的社区文化站很少开放。`,
    ],
    answers: [
      () => `${VENUES()}自下月起${TIMES()}延长开放至晚上九点，欢迎市民前往。`,
      () => `办理借书证需携带本人有效身份证件，也可通过“${VENUES()}”微信公众号在线办理。`,
      () => `我局将会同${DISTRICTS()}人民政府研究公共文化设施布局，您的建议已纳入规划研究。`,
      () => `${VENUES()}已加强${ITEMS()}管理，实行预约入座制度。`,
      () => `根据公共图书馆服务规范，读者可通过网站或自助机续借两次。`,
    ],
  },
  {
    dept: 'heritage', category: '12', kinds: ['suggestion', 'inquiry', 'complaint'],
    titles: [
      () => `加强${PLACES()}文物保护的建议`, () => `${HERITAGE()}传承人认定咨询`, () => `关于${HERITAGE()}保护传承的建议`,
      () => `${PLACES()}古建筑受损`, () => `文物保护单位${ITEMS()}问题`,
    ],
    questions: [
      () => `${PLACES()}的古建筑年久失修，部分墙体已经开裂，建议尽快修缮。`,
      () => `我从事${HERITAGE()}多年，想了解非物质文化遗产代表性传承人的申报条件。`,
      () => `${HERITAGE()}后继乏人，建议在中小学开设${HERITAGE()}兴趣课程。`,
      () => `施工单位在文物保护范围内违规施工，破坏了${PLACES()}的历史风貌。`,
      () => `希望${VENUES()}多举办${HERITAGE()}展演活动，让更多人了解非遗。`,
      () => `文物保护单位周边乱搭乱建现象${ADJ()}严重。`,
    ],
    answers: [
      () => `${PLACES()}修缮工程已列入年度文物保护计划，预计${TIMES()}开工。`,
      () => `非物质文化遗产代表性传承人认定按照《非物质文化遗产法》和我市实施办法进行，申报材料可向${DISTRICTS()}文化主管部门提交。`,
      () => `我局已会同教育部门推动${HERITAGE()}进校园，今年已在二十余所学校开设课程。`,
      () => `经现场核查，相关施工已被责令停工，文物部门正在评估受损情况。`,
      () => `我们将持续加强文物安全巡查，依法查处破坏文物的行为。`,
    ],
  },
  {
    dept: 'arts', category: '12', kinds: ['suggestion', 'inquiry'],
    titles: [() => `${VENUES()}演出${ITEMS()}咨询`, () => `建议增加惠民演出场次`, () => `关于${HERITAGE()}剧目创作的建议`, () => `${TIMES()}文艺演出安排`],
    questions: [
      () => `${VENUES()}的惠民演出门票${TIMES()}很快就被抢光，建议增加场次。`,
      () => `请问${TIMES()}有哪些文艺演出？如何购买优惠票？`,
      () => `建议艺术院团多创作反映本地生活的${HERITAGE()}剧目。`,
      () => `${VENUES()}演出开始后仍允许观众进场，影响观看体验。`,
    ],
    answers: [
      () => `${TIMES()}我市将举办系列惠民演出，演出信息在局门户网站公布。`,
      () => `惠民演出门票通过线上平台发放，每人限领两张，${VENUES()}现场也预留部分门票。`,
      () => `您的建议已转交市艺术剧院，将在剧目创作规划中认真研究。`,
    ],
  },
  {
    dept: 'industry', category: '05', kinds: ['inquiry', 'suggestion'],
    titles: [() => `文化产业扶持政策咨询`, () => `${DISTRICTS()}文创园区建设建议`, () => `关于文旅消费券的咨询`, () => `${BUSINESSES()}申请补贴条件`],
    questions: [
      () => `请问小微文化企业申请文化产业发展专项资金需要满足什么条件？`,
      () => `文旅消费券${TIMES()}如何领取？可以在哪些${BUSINESSES()}使用？`,
      () => `建议在${DISTRICTS()}建设文创产业园，吸引年轻人创业。`,
      () => `我经营一家${BUSINESSES()}，想了解疫情后纾困补贴政策。`,
    ],
    answers: [
      () => `文化产业发展专项资金申报指南每年在局门户网站公布，申报单位需在本市注册满一年。`,
      () => `文旅消费券通过指定平台${TIMES()}分批发放，可在参与活动的${BUSINESSES()}使用。`,
      () => `${DISTRICTS()}文创园区规划正在编制中，您的建议我们已转交规划部门。`,
    ],
  },
  {
    dept: 'policy', category: '04', kinds: ['inquiry'],
    titles: [() => `行政许可办理流程咨询`, () => `${BUSINESSES()}许可证办理`, () => `关于行政处罚的咨询`, () => `政策文件解读申请`],
    questions: [
      () => `开办${BUSINESSES()}需要办理哪些行政许可？办理时限是多久？`,
      () => `请问营业性演出许可证的办理材料和流程是什么？`,
      () => `我对行政处罚决定不服，应当如何申请行政复议？`,
      () => `希望对新出台的规范性文件进行政策解读。`,
    ],
    answers: [
      () => `开办${BUSINESSES()}需向所在地文化和旅游主管部门申请许可，承诺办理时限为五个工作日。`,
      () => `营业性演出许可可通过政务服务网在线申请，所需材料详见办事指南。`,
      () => `根据《行政复议法》，您可以自知道该行政行为之日起六十日内提出行政复议申请。`,
    ],
  },
  {
    dept: 'office', category: '99', kinds: ['inquiry', 'suggestion'],
    titles: [() => `政务公开信息咨询`, () => `关于局门户网站的建议`, () => `来信办理进度查询`, () => `${TIMES()}值班电话咨询`],
    questions: [
      () => `局门户网站部分栏目更新不及时，建议加强维护。`,
      () => `请问如何申请政府信息公开？需要提交哪些材料？`,
      () => `我上个月的来信至今没有答复，想了解办理进度。`,
      () => `${TIMES()}遇到旅游纠纷应当拨打哪个电话？`,
    ],
    answers: [
      () => `您可以通过本网站“依申请公开”栏目在线提交政府信息公开申请。`,
      () => `我局已对门户网站栏目进行梳理，安排专人负责更新。`,
      () => `${TIMES()}可拨打12345政务服务便民热线或旅游服务热线反映问题。`,
    ],
  },
];
const pickTopic = zipf(TOPICS, 0.8);

const OPENINGS = zipf(['您好！', '尊敬的领导：', '领导您好，', '你好，', '']);
const CLOSINGS = zipf(['希望有关部门尽快处理。', '谢谢！', '盼复。', '请予以答复。', '望重视。', '']);
const ANSWER_OPENINGS = zipf(['您好！来信收悉。', '您好！感谢您的来信。', '来信收悉，现答复如下：', '您好！']);
const ANSWER_CLOSINGS = zipf(['感谢您对我局工作的关心和支持！', '如有疑问，请拨打本局咨询电话0592-5371909。', '欢迎继续监督。', '感谢您的来信！']);
const SURNAMES = Array.from('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗');
const GIVEN = Array.from('伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华');

function digits(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(int(0, 9));
  return s;
}

/** Personal data a writer sometimes includes (masked before publication). */
function personalDetail(): { text: string; terms: string[] } {
  const name = uniform(SURNAMES) + uniform(GIVEN) + (chance(0.5) ? uniform(GIVEN) : '');
  switch (int(0, 4)) {
    case 0: return { text: `我叫${name}，联系电话1${uniform(['38', '39', '58', '86', '77'])}${digits(8)}。`, terms: [name] };
    case 1: return { text: `我家住${DISTRICTS()}${uniform(['建设路', '人民路', '解放街', '中山路'])}${int(1, 300)}号${int(1, 30)}栋${int(1, 6)}单元${int(1, 30)}0${int(1, 4)}室。`, terms: [] };
    case 2: return { text: `车牌号${uniform(['闽D', '闽A', '粤B', '浙A'])}${digits(5)}的车辆被剐蹭。`, terms: [] };
    case 3: return { text: `如需联系请发邮件至${uniform(['zhang', 'li', 'wang', 'chen'])}${digits(3)}@example.com。`, terms: [] };
    default: return { text: `${name}是我的邻居，可以作证。`, terms: [name] };
  }
}

function sentences(pool: Array<() => string>, min: number, max: number): string {
  const n = int(min, max);
  let s = '';
  for (let i = 0; i < n; i++) s += uniform(pool)();
  return s;
}

interface GeneratedLetter {
  topic: Topic;
  kind: Kind;
  title: string;
  body: string;
  answer: string;
  terms: string[];
}

function generateLetter(): GeneratedLetter {
  const topic = pickTopic();
  const kind = uniform(topic.kinds);
  const title = uniform(topic.titles)();
  let body = OPENINGS() + sentences(topic.questions, 1, 4);
  const terms: string[] = [];
  if (chance(0.08)) {
    const detail = personalDetail();
    body += detail.text;
    terms.push(...detail.terms);
  }
  if (chance(0.3)) body += `我是${TIMES()}在${PLACES()}附近遇到这个问题的，${DISTRICTS()}的${VENUES()}也有类似情况。`;
  body += CLOSINGS();
  const answer = ANSWER_OPENINGS() + sentences(topic.answers, 2, 4) + ANSWER_CLOSINGS();
  return { topic, kind, title, body, answer, terms };
}

// ---------------------------------------------------------------- COPY helpers

type Cell = string | number | boolean | null | Date;

function cell(value: Cell): string {
  if (value === null) return '\\N';
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== 'string') return String(value);
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

async function copyRows(sql: postgres.Sql, table: string, columns: string[], rows: Cell[][]): Promise<void> {
  if (rows.length === 0) return;
  const writable = await sql.unsafe(`copy ${table} (${columns.join(', ')}) from stdin`).writable();
  function* lines() {
    let buffer = '';
    for (const row of rows) {
      buffer += row.map(cell).join('\t') + '\n';
      if (buffer.length > 1 << 20) {
        yield buffer;
        buffer = '';
      }
    }
    if (buffer) yield buffer;
  }
  await pipeline(Readable.from(lines()), writable);
}

/** COPYs rows into an identity table and returns the ids they were given (base+1 … base+n), checked. */
async function copyWithIds(sql: postgres.Sql, table: string, columns: string[], rows: Cell[][]): Promise<number> {
  const [before] = await sql.unsafe(`select coalesce(max(id), 0)::bigint as max from ${table}`);
  await copyRows(sql, table, columns, rows);
  const [after] = await sql.unsafe(`select min(id)::bigint as min, max(id)::bigint as max, count(*)::int as n from ${table} where id > $1`, [before!.max]);
  const min = Number(after!.min);
  const max = Number(after!.max);
  if (after!.n !== rows.length || max - min + 1 !== rows.length) throw new Error(`${table}: ids are not one contiguous range after COPY`);
  return min - 1;
}

// ---------------------------------------------------------------- main

const TABLES_WITH_REBUILT_INDEXES = ['letters', 'letter_messages', 'letter_events', 'archive_entries', 'catalogue_items', 'questions', 'answers'];

async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`database name "${name}" must be lower-case letters, digits and _`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  try {
    if (RESET) {
      console.log(`--reset: dropping database ${name}`);
      await sql.unsafe(`drop database if exists "${name}" with (force)`);
    }
    const [exists] = await sql`select 1 from pg_database where datname = ${name}`;
    if (!exists) {
      await sql.unsafe(`create database "${name}"`);
      console.log(`created database ${name}`);
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function main() {
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  await ensureDatabase(DATABASE_URL);

  const database = openDatabase({ url: DATABASE_URL });
  await database.migrate();
  await seedReferenceData(database.db);
  await seedDemoData(database.db);
  const rules: CalendarRules = await loadCalendarRules(database.db);
  await database.close();

  const sql = postgres(DATABASE_URL, { max: 1, onnotice: () => {}, connection: { application_name: 'minsheng-seed-scale' } });
  try {
    const [{ n: existing }] = (await sql`select count(*)::int as n from letters`) as unknown as [{ n: number }];
    if (existing > 1000) {
      console.error(`${new URL(DATABASE_URL).pathname.slice(1)} already holds ${existing} letters: scale data is there. Run with --reset to start over.`);
      process.exitCode = 2;
      return;
    }
    const [{ pid: backendPid }] = (await sql`select pg_backend_pid() as pid`) as unknown as [{ pid: number }];
    const cpu = () => {
      const node = process.cpuUsage();
      let pg = NaN;
      try {
        // utime + stime of the PostgreSQL backend, in clock ticks (100 Hz on Linux), when this machine runs the server.
        const fields = readFileSync(`/proc/${backendPid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        pg = (Number(fields[11]) + Number(fields[12])) / 100;
      } catch { /* another machine */ }
      return `CPU: node ${((node.user + node.system) / 1e6).toFixed(0)} s, postgres ${Number.isNaN(pg) ? '?' : pg.toFixed(0)} s`;
    };
    await sql`set synchronous_commit = off`;
    await sql`set maintenance_work_mem = '1GB'`;
    await sql`set max_parallel_maintenance_workers = 1`;

    // Secondary indexes (not primary keys or constraints) of the big tables, to rebuild after the load.
    const indexes = (await sql`
      select i.indexname, i.indexdef from pg_indexes i
      where i.schemaname = 'public' and i.tablename = any(${TABLES_WITH_REBUILT_INDEXES})
        and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`) as unknown as Array<{ indexname: string; indexdef: string }>;
    for (const index of indexes) await sql.unsafe(`drop index "${index.indexname}"`);
    console.log(`[${elapsed()}] dropped ${indexes.length} secondary indexes for the load`);

    // Reference rows.
    const departments = (await sql`select id, code, name from departments order by id`) as unknown as Array<{ id: number; code: string; name: string }>;
    const deptByCode = new Map(departments.map((d) => [d.code, { id: Number(d.id), name: d.name }]));
    const categories = (await sql`select id, code from catalogue_categories`) as unknown as Array<{ id: number; code: string }>;
    const categoryByCode = new Map(categories.map((c) => [c.code, Number(c.id)]));
    const [org] = await sql`select code, name from organisation where id = 1`;
    const bureauCode = (org?.code as string | undefined) ?? 'MS';
    const staff = (await sql`select id, role, department_id from users where role in ('handler', 'leader', 'moderator')`) as unknown as Array<{ id: number; role: string; department_id: number | null }>;
    const moderatorId = Number(staff.find((s) => s.role === 'moderator')!.id);
    const leaderIds = staff.filter((s) => s.role === 'leader').map((s) => Number(s.id));
    const answererId = Number((staff.find((s) => s.role === 'handler') ?? staff[0]!).id);

    // Citizens.
    const citizenRows: Cell[][] = [];
    for (let i = 0; i < CITIZENS; i++) {
      citizenRows.push([randomUUID(), uniform(SURNAMES) + uniform(GIVEN) + (chance(0.6) ? uniform(GIVEN) : ''), `scale-citizen-${i}@example.org`, 'not-a-hash', 'citizen']);
    }
    const citizenBase = await copyWithIds(sql, 'users', ['public_id', 'name', 'email', 'password_hash', 'role'], citizenRows);
    console.log(`[${elapsed()}] ${CITIZENS} citizens`);

    // Days from FIRST_DAY to yesterday (Beijing), later days busier.
    const today = new Date();
    const days: string[] = [];
    for (let d = new Date(`${FIRST_DAY}T00:00:00Z`); d.toISOString().slice(0, 10) < today.toISOString().slice(0, 10); d.setUTCDate(d.getUTCDate() + 1)) {
      days.push(d.toISOString().slice(0, 10));
    }
    const dayWeights = days.map((_, i) => 1 + i / days.length);
    const totalWeight = dayWeights.reduce((a, b) => a + b, 0);
    const perDay = dayWeights.map((w) => Math.floor((w / totalWeight) * LETTERS));
    let assigned = perDay.reduce((a, b) => a + b, 0);
    for (let i = days.length - 1; assigned < LETTERS; i = (i - 1 + days.length) % days.length, assigned++) perDay[i]!++;
    if (Math.max(...perDay) > 9999) throw new Error('more than 9,999 letters a day: tracking numbers have four digits');

    // The escalation ladder at its default limits (lib/accountability/ladder.ts); its steps fire at 09:00 Beijing.
    const ladder = ACCOUNTABILITY_DEFAULTS;
    const todayDay = chinaDate(today);
    const soonBefore = addWorkingDays(todayDay, ladder.dueSoon + 1, rules);
    const ladderInstant = (day: string) => new Date(Math.min(Date.parse(`${day}T01:00:00Z`), today.getTime() - 60_000));
    let claimCount = 0;
    /** The first day (not before `from`) on which the ladder finds `due` within its due-soon window. */
    const dueSoonDay = (due: string, from: string) => {
      let day = due;
      for (let prev = shiftDay(day, -1); prev >= from && addWorkingDays(prev, ladder.dueSoon + 1, rules) > due; prev = shiftDay(prev, -1)) day = prev;
      return day < from ? from : day;
    };

    const sequences = new Map<string, number>(); // `${categoryId}:${year}` → last seq
    let letterCount = 0;
    let entryCount = 0;
    let maskedSpans = 0;
    let maskMs = 0;
    let vectorMs = 0;
    let dayIndex = 0;
    let dayCounter = 0;

    while (letterCount < LETTERS) {
      const n = Math.min(CHUNK, LETTERS - letterCount);
      const letterRows: Cell[][] = [];
      const meta: Array<{ gen: GeneratedLetter; submittedAt: Date; answeredAt: Date | null; workingDays: number | null; deptId: number; publish: boolean; day: string;
        status: string; acceptedAt: Date; rating: string | null; ratedAt: Date | null; dueOn: string | null; remindOn: string | null; closeOn: string | null }> = [];
      for (let i = 0; i < n; i++) {
        while (dayCounter >= perDay[dayIndex]!) {
          dayIndex++;
          dayCounter = 0;
        }
        dayCounter++;
        const day = days[dayIndex]!;
        const trackingNo = day.replaceAll('-', '') + String(dayCounter).padStart(4, '0');
        const gen = generateLetter();
        const dept = deptByCode.get(gen.topic.dept)!;
        // Beijing office hours-ish: 00:00–15:59 UTC = 08:00–23:59 CST.
        const submittedAt = new Date(Date.parse(`${day}T00:00:00Z`) + int(0, 16 * 3600 - 1) * 1000);
        const daysAgo = (today.getTime() - submittedAt.getTime()) / 86_400_000;
        const answered = daysAgo > 30 ? chance(0.95) : chance(0.5);
        const consent = chance(0.75);
        let status: string;
        let answeredAt: Date | null = null;
        let workingDays: number | null = null;
        let clockStart: string | null = null;
        let remaining: number | null = null;
        let dueOn: string | null = null;
        let remindOn: string | null = null;
        let closeOn: string | null = null;
        const acceptedAt = new Date(submittedAt.getTime() + int(1, 48) * 3600_000);
        if (answered) {
          workingDays = Math.min(30, 1 + Math.floor(-Math.log(1 - random()) * 5));
          const answeredDay = addWorkingDays(day, workingDays, rules);
          answeredAt = new Date(Date.parse(`${answeredDay}T01:00:00Z`) + int(0, 8 * 3600) * 1000);
          if (answeredAt.getTime() > today.getTime()) answeredAt = new Date(today.getTime() - 3600_000);
          status = chance(0.6) ? 'closed' : 'answered';
          // The ladder's history of an unrated answer: a rating reminder after `ratingReminder` working days, closed
          // as 未评价 after `autoClose` (as lib/accountability/ladder.ts would have done every working day since).
          if (status === 'answered') {
            const answerDay = chinaDate(answeredAt);
            const remindDay = addWorkingDays(answerDay, ladder.ratingReminder, rules);
            const closeDay = addWorkingDays(answerDay, ladder.autoClose, rules);
            if (remindDay <= todayDay) remindOn = remindDay;
            if (closeDay <= todayDay) {
              closeOn = closeDay;
              status = 'closed';
            }
          }
        } else {
          status = uniform(['accepted', 'accepted', 'accepted', 'needs_info', 'submitted']);
          if (status !== 'needs_info') {
            clockStart = day;
            remaining = gen.kind === 'inquiry' ? 10 : 15;
            dueOn = addWorkingDays(day, remaining, rules);
          }
        }
        const writerId = citizenBase + 1 + int(0, CITIZENS - 1);
        // Closed letters were rated (三率: 满意率, 参评率), the rating a day or so after the answer — unless the ladder
        // closed them unrated.
        const rating = status === 'closed' && !closeOn ? (random() < 0.6 ? 'satisfied' : random() < 0.6 ? 'basically_satisfied' : 'unsatisfied') : null;
        const ratedAt = rating && answeredAt ? new Date(Math.min(answeredAt.getTime() + int(1, 72) * 3600_000, today.getTime() - 60_000)) : null;
        const closedAt = closeOn ? ladderInstant(closeOn) : status === 'closed' ? ratedAt : null;
        letterRows.push([
          trackingNo, digits(6), gen.kind, status, writerId, dept.id, status === 'submitted' ? null : dept.id, gen.title, gen.body, consent,
          submittedAt, status === 'submitted' ? null : acceptedAt, answeredAt, closedAt, clockStart, remaining, dueOn, rating, ratedAt,
        ]);
        meta.push({ gen, submittedAt, answeredAt, workingDays, deptId: dept.id, publish: answered && consent && chance(0.92), day, status, acceptedAt, rating, ratedAt,
          dueOn: status === 'accepted' ? dueOn : null, remindOn, closeOn });
      }
      const letterBase = await copyWithIds(sql, 'letters', [
        'tracking_no', 'query_code', 'kind', 'status', 'writer_id', 'requested_department_id', 'department_id', 'title', 'body', 'consent_to_publish',
        'submitted_at', 'accepted_at', 'answered_at', 'closed_at', 'clock_start', 'remaining_days', 'due_on', 'rating', 'rated_at',
      ], letterRows);

      // The event log the 三率 are computed from (lib/stats/rates.ts): submitted, accepted (with the triage due date),
      // 补正, 催办 and 督办 on late letters, answered (with the due date in force), rated.
      const eventRows: Cell[][] = [];
      const claimRows: Cell[][] = [];
      const limitOf: Record<string, number> = { inquiry: 5, suggestion: 10, complaint: 15 };
      meta.forEach((m, i) => {
        const letterId = letterBase + 1 + i;
        const ev = (type: string, role: string, at: Date, data: Record<string, unknown>) => eventRows.push([letterId, type, role, at, true, JSON.stringify(data)]);
        ev('submitted', 'citizen', m.submittedAt, {});
        if (m.status === 'submitted') return;
        const deptName = departments.find((d) => Number(d.id) === m.deptId)!.name;
        const acceptDay = chinaDate(m.acceptedAt);
        ev('accepted', 'moderator', m.acceptedAt, { department: deptName, dueOnBefore: addWorkingDays(chinaDate(m.submittedAt), 1, rules) });
        const due = addWorkingDays(acceptDay, limitOf[m.gen.kind]!, rules);
        if (m.status === 'needs_info') ev('info_requested', 'handler', new Date(m.acceptedAt.getTime() + 3600_000), { message: '请补充材料' });
        if (m.answeredAt) {
          const late = chinaDate(m.answeredAt) > due;
          if (late && chance(0.3)) ev('urged', 'citizen', new Date(Date.parse(`${due}T02:00:00Z`) + 86_400_000), {});
          if (late && chance(0.1)) ev('supervised', 'moderator', new Date(Date.parse(`${due}T03:00:00Z`) + 86_400_000), { note: '请加快办理' });
          ev('answered', 'handler', m.answeredAt, { dueOn: due, dueOnBefore: due });
          if (m.rating && m.ratedAt) ev('rated', 'citizen', m.ratedAt, { rating: m.rating, comment: null });
        }
        // The ladder steps already fired (claims and timeline events), so a server started on this database works
        // from today on instead of catching up on two years of reminders, 催办 and closings first.
        const fired = (step: string, on: string, data: Record<string, unknown>, isPublic: boolean) => {
          const at = ladderInstant(on);
          claimRows.push(['letter', letterId, step, 1, at]);
          eventRows.push([letterId, step, 'system', at, isPublic, JSON.stringify({ round: 1, ...data })]);
        };
        if (m.remindOn) fired('rating_reminder', m.remindOn, {}, true);
        if (m.closeOn) fired('closed_unrated', m.closeOn, { workingDays: ladder.autoClose }, true);
        if (m.dueOn && m.dueOn < soonBefore) {
          fired('due_soon_notice', dueSoonDay(m.dueOn, chinaDate(m.acceptedAt)), { dueOn: m.dueOn }, false);
          if (m.dueOn < todayDay) fired('overdue_urge', addWorkingDays(m.dueOn, 1, rules), { dueOn: m.dueOn }, false);
        }
      });
      await copyRows(sql, 'letter_events', ['letter_id', 'type', 'actor_role', 'at', 'public', 'data'], eventRows);
      await copyRows(sql, 'case_ladder_steps', ['case_kind', 'case_id', 'step', 'round', 'fired_at'], claimRows);
      claimCount += claimRows.length;

      const messageRows: Cell[][] = [];
      const itemRows: Cell[][] = [];
      const entryRows: Array<Cell[]> = [];
      meta.forEach((m, i) => {
        const letterId = letterBase + 1 + i;
        if (m.answeredAt) messageRows.push([letterId, 'answer', answererId, m.deptId, m.gen.answer, m.answeredAt]);
        if (!m.publish || !m.answeredAt) return;
        let t = performance.now();
        const title = maskPersonalData(m.gen.title, { terms: m.gen.terms });
        const question = maskPersonalData(m.gen.body, { terms: m.gen.terms });
        const answer = maskPersonalData(m.gen.answer, { terms: m.gen.terms });
        maskedSpans += title.spans.length + question.spans.length + answer.spans.length;
        maskMs += performance.now() - t;
        t = performance.now();
        const vector = searchVectorLiteral({ title: title.text, question: question.text, answer: answer.text });
        vectorMs += performance.now() - t;
        const publishedAt = new Date(m.answeredAt.getTime() + int(1, 10 * 24) * 3600_000);
        const published = publishedAt.getTime() < today.getTime() ? publishedAt : new Date(today.getTime() - 60_000);
        const year = Number(m.day.slice(0, 4));
        const categoryId = categoryByCode.get(m.gen.topic.category)!;
        const key = `${categoryId}:${chinaYear(published)}`;
        const seq = (sequences.get(key) ?? 0) + 1;
        sequences.set(key, seq);
        const publicId = randomUUID();
        const indexNo = `${bureauCode}-${m.gen.topic.category}-${chinaYear(published)}-${String(seq).padStart(5, '0')}`;
        itemRows.push([randomUUID(), indexNo, categoryId, title.text, question.text.slice(0, 120), '', deptByCode.get(m.gen.topic.dept)!.name, 'proactive', 'published',
          m.answeredAt.toISOString().slice(0, 10), published, `/archive/${publicId}`, moderatorId]);
        entryRows.push([publicId, 'letter', letterId, m.gen.kind, 'published', m.deptId, categoryId, null /* catalogue item id, below */, title.text, question.text, answer.text,
          JSON.stringify(m.gen.terms), m.submittedAt, m.answeredAt, m.workingDays, year, vector, published, moderatorId, m.rating]);
      });
      await copyRows(sql, 'letter_messages', ['letter_id', 'kind', 'author_id', 'department_id', 'body', 'created_at'], messageRows);
      const itemBase = await copyWithIds(sql, 'catalogue_items', ['public_id', 'index_no', 'category_id', 'title', 'summary', 'body', 'publisher', 'attribute', 'status', 'generated_on', 'published_at', 'source_url', 'created_by_id'], itemRows);
      entryRows.forEach((row, i) => (row[7] = itemBase + 1 + i));
      await copyRows(sql, 'archive_entries', ['public_id', 'kind', 'letter_id', 'letter_kind', 'status', 'department_id', 'category_id', 'catalogue_item_id', 'title', 'question', 'answer',
        'masked_terms', 'submitted_at', 'answered_at', 'working_days', 'year', 'search_vector', 'published_at', 'curated_by_id', 'rating'], entryRows);
      letterCount += n;
      entryCount += entryRows.length;
      const rate = letterCount / ((performance.now() - started) / 1000);
      console.log(`[${elapsed()}] letters ${letterCount.toLocaleString()} / ${LETTERS.toLocaleString()}, archive entries ${entryCount.toLocaleString()} (${Math.round(rate)} letters/s; masking ${Math.round(maskMs / 1000)} s, vectors ${Math.round(vectorMs / 1000)} s so far; ${cpu()})`);
    }

    // Letter counters: the next letter of a seeded day continues after the seeded ones.
    const counterRows: Cell[][] = days.map((d, i) => [d.replaceAll('-', ''), perDay[i]!]).filter((r) => (r[1] as number) > 0);
    await sql`delete from letter_counters where day = any(${counterRows.map((r) => r[0] as string)})`;
    await copyRows(sql, 'letter_counters', ['day', 'last'], counterRows);

    // Interviews with transcripts.
    if (INTERVIEWS > 0) {
      const interviewRows: Cell[][] = [];
      const plans: Array<{ start: Date; topic: Topic; questions: Array<{ q: string; a: string }>; title: string; summary: string; deptId: number }> = [];
      for (let i = 0; i < INTERVIEWS; i++) {
        const topic = pickTopic();
        const dept = deptByCode.get(topic.dept)!;
        const day = days[Math.floor((i + 0.5) * (days.length / INTERVIEWS))]!;
        const start = new Date(`${day}T07:00:00Z`);
        const title = `${uniform(['聚焦', '关注', '畅谈', '解读'])}${uniform(topic.titles)().replace(/^(关于|投诉|咨询|建议|举报)/, '')}——${dept.name}负责人在线访谈`;
        const summary = `${dept.name}负责人做客在线访谈，围绕${PLACES()}、${VENUES()}和${HERITAGE()}等市民关心的话题与网友交流。`;
        const questions = Array.from({ length: int(20, 40) }, () => ({ q: sentences(topic.questions, 1, 2), a: sentences(topic.answers, 2, 5) }));
        plans.push({ start, topic, questions, title, summary, deptId: dept.id });
        interviewRows.push([randomUUID(), `scale-interview-${i + 1}`, title, summary, dept.id, moderatorId, start, new Date(start.getTime() + 2 * 3600_000), 'published', start,
          new Date(start.getTime() + 2 * 3600_000), new Date(start.getTime() + 3 * 3600_000)]);
      }
      const interviewBase = await copyWithIds(sql, 'interviews', ['public_id', 'slug', 'title', 'summary', 'department_id', 'host_id', 'scheduled_start', 'scheduled_end', 'status', 'started_at', 'ended_at', 'published_at'], interviewRows);
      const guestRows: Cell[][] = plans.map((_, i) => [interviewBase + 1 + i, leaderIds[0]!, '副局长', 0]);
      await copyRows(sql, 'interview_guests', ['interview_id', 'user_id', 'title', 'sort_order'], guestRows);
      const questionRows: Cell[][] = [];
      plans.forEach((p, i) => p.questions.forEach((q, k) => {
        const at = new Date(p.start.getTime() + k * 120_000);
        questionRows.push([randomUUID(), interviewBase + 1 + i, citizenBase + 1 + int(0, CITIZENS - 1), q.q, q.q, 'answered', int(0, 200), at, at]);
      }));
      const questionBase = await copyWithIds(sql, 'questions', ['public_id', 'interview_id', 'asker_id', 'body', 'original_body', 'status', 'votes', 'created_at', 'moderated_at'], questionRows);
      const answerRows: Cell[][] = [];
      let qi = 0;
      for (const p of plans) for (const [k, q] of p.questions.entries()) answerRows.push([questionBase + 1 + qi++, leaderIds[0]!, q.a, q.a, new Date(p.start.getTime() + k * 120_000 + 60_000)]);
      await copyRows(sql, 'answers', ['question_id', 'author_id', 'body', 'original_body', 'published_at'], answerRows);

      const itemRows: Cell[][] = [];
      const entryRows: Cell[][] = [];
      plans.forEach((p, i) => {
        const transcript = p.questions.map((q) => `网友：${q.q}\n嘉宾：${q.a}`).join('\n\n');
        const published = new Date(p.start.getTime() + 3 * 3600_000);
        const categoryId = categoryByCode.get('12')!;
        const key = `${categoryId}:${chinaYear(published)}`;
        const seq = (sequences.get(key) ?? 0) + 1;
        sequences.set(key, seq);
        const publicId = randomUUID();
        itemRows.push([randomUUID(), `${bureauCode}-12-${chinaYear(published)}-${String(seq).padStart(5, '0')}`, categoryId, p.title, p.summary, '', '示范市文化和旅游局', 'proactive', 'published',
          published.toISOString().slice(0, 10), published, `/archive/${publicId}`, moderatorId]);
        entryRows.push([publicId, 'interview', interviewBase + 1 + i, 'published', p.deptId, categoryId, null, p.title, p.summary, transcript, '[]', p.start, new Date(p.start.getTime() + 2 * 3600_000),
          chinaYear(p.start), searchVectorLiteral({ title: p.title, question: p.summary, answer: transcript }), published, moderatorId]);
      });
      const itemBase = await copyWithIds(sql, 'catalogue_items', ['public_id', 'index_no', 'category_id', 'title', 'summary', 'body', 'publisher', 'attribute', 'status', 'generated_on', 'published_at', 'source_url', 'created_by_id'], itemRows);
      entryRows.forEach((row, i) => (row[6] = itemBase + 1 + i));
      await copyRows(sql, 'archive_entries', ['public_id', 'kind', 'interview_id', 'status', 'department_id', 'category_id', 'catalogue_item_id', 'title', 'question', 'answer', 'masked_terms',
        'submitted_at', 'answered_at', 'year', 'search_vector', 'published_at', 'curated_by_id'], entryRows);
      entryCount += entryRows.length;
      console.log(`[${elapsed()}] ${INTERVIEWS} interviews, ${questionRows.length} answered questions, their archive entries`);
    }

    // Index-number counters continue after the seeded items.
    for (const [key, last] of sequences) {
      const [categoryId, year] = key.split(':').map(Number);
      await sql`insert into catalogue_sequences (category_id, year, last_seq) values (${categoryId!}, ${year!}, ${last})
        on conflict (category_id, year) do update set last_seq = greatest(catalogue_sequences.last_seq, excluded.last_seq)`;
    }

    for (const index of indexes) {
      const t = performance.now();
      await sql.unsafe(index.indexdef);
      console.log(`[${elapsed()}] rebuilt ${index.indexname} (${((performance.now() - t) / 1000).toFixed(1)} s; ${cpu()})`);
    }
    for (const table of ['users', ...TABLES_WITH_REBUILT_INDEXES, 'interviews']) await sql.unsafe(`vacuum (analyze) ${table}`);
    // The 三率 rollup (lib/stats/rates.ts), built once here rather than by the first request.
    {
      const t = performance.now();
      const rates = openDatabase({ url: DATABASE_URL });
      const n = await refreshRates(rates.db);
      await rates.close();
      await sql.unsafe('vacuum (analyze) letter_rate_facts');
      await sql.unsafe('vacuum (analyze) rate_daily');
      console.log(`[${elapsed()}] 三率 rollup: ${n.toLocaleString()} letters folded in (${((performance.now() - t) / 1000).toFixed(1)} s; ${cpu()})`);
    }
    const [sizes] = await sql`select pg_size_pretty(pg_database_size(current_database())) as db,
      pg_size_pretty(pg_total_relation_size('archive_entries')) as entries,
      pg_size_pretty(pg_relation_size('archive_entries_search_idx')) as gin`;
    console.log(`[${elapsed()}] done: ${letterCount.toLocaleString()} letters, ${entryCount.toLocaleString()} published archive entries, ${maskedSpans.toLocaleString()} masked spans, ${claimCount.toLocaleString()} ladder steps; ` +
      `database ${sizes!.db}, archive_entries ${sizes!.entries} (GIN ${sizes!.gin}); masking ${Math.round(maskMs / 1000)} s, search vectors ${Math.round(vectorMs / 1000)} s; ${cpu()}`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
