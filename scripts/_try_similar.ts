import { openDatabase } from '../lib/db';
import { similarAnswers } from '../lib/archive/similar';
const times: number[] = [];
const database = openDatabase({ url: process.env.DATABASE_URL!, observe: () => { const t = performance.now(); return () => { times.push(Math.round((performance.now() - t) * 10) / 10); }; } });
const db = () => database.db;
const drafts = [
  ['西山景区停车太难', '周末去西山景区玩，停车场车位不够，排队排了一个多小时，希望增加车位。'],
  ['市图书馆晚上几点关门', '我下班以后想去市图书馆借书，但是闭馆太早了，能不能延长开放时间？'],
  ['网吧让小孩进去', '我家附近的网吧允许未成年人进入上网，请有关部门查处。'],
  ['asdfgh qwerty', '啊啊啊啊啊啊啊啊啊啊啊啊'],
];
(async () => {
  for (let round = 0; round < 3; round++)
  for (const [title, body] of drafts) {
    times.length = 0;
    const t = performance.now();
    const r = await similarAnswers(db(), { title: title!, body: body! });
    console.log(Math.round(performance.now() - t), 'ms', JSON.stringify(times), r.items.map((i) => `${i.score} ${i.title}`).join(' | '));
  }
  process.exit(0);
})();
