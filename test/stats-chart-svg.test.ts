import { describe, expect, it } from 'vitest';
import { CHART_WIDTH, chartHeight, chartSvg, COLORS, type ChartSpec } from '@/app/stats/chart-svg';

/** The 数据统计 charts as SVG pictures (/stats/charts/{name}.svg): well-formed, sized as the page says, text escaped. */
describe('stats chart pictures', () => {
  const months: ChartSpec = {
    kind: 'column',
    title: '2026年各月收信与办结件数',
    desc: '全年收信 7 件，办结 3 件。',
    categories: Array.from({ length: 12 }, (_, i) => `${i + 1}月`),
    series: [
      { label: '收信', values: [1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4], color: COLORS.first },
      { label: '办结', values: [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2], color: COLORS.second },
    ],
  };

  it('draws a column chart at the size the page gives its <img>, with title, description, bars and labels', () => {
    const svg = chartSvg(months);
    expect(svg).toMatch(new RegExp(`^<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${chartHeight(months)}"`));
    expect(svg).toContain('<title>2026年各月收信与办结件数</title><desc>全年收信 7 件，办结 3 件。</desc>');
    expect(svg.match(/<rect x=/g)).toHaveLength(24); // one bar per month and series
    expect(svg).toContain('>12月</text>');
    expect(svg).not.toMatch(/\d\.\d{2,}/); // coordinates rounded to one decimal place
    expect(svg.endsWith('</svg>')).toBe(true);
  });

  it('draws horizontal bars with a row per category, its height growing with them, and escapes every text', () => {
    const spec: ChartSpec = {
      kind: 'bar',
      title: 'A <b>"title"</b> & more',
      desc: "it's <script>alert(1)</script>",
      categories: ['文化市场管理处', '一个名字非常非常非常长的部门', '<img src=x onerror=alert(1)>'],
      series: [{ label: 'x', values: [3, 1, 0], color: COLORS.second }],
    };
    const svg = chartSvg(spec);
    expect(chartHeight(spec)).toBe(30 + 3 * 26 + 10);
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<img');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('A &#60;b&#62;&#34;title&#34;&#60;/b&#62; &#38; more');
    expect(svg).toContain('>一个名字非常非常非常…</text>'); // long labels are clipped at 10 characters
    expect(svg).not.toContain('<g transform'); // one series: no legend
  });
});
