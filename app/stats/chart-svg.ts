/**
 * The 数据统计 page's charts as standalone SVG documents, served by /stats/charts/{name}.svg and shown with <img>
 * (issue 15 item 6): drawn inline, every bar and label was in the page twice — once as HTML and once in React's
 * flight data — and made /stats weigh 109 KB. The drawing is the one of Charts.tsx (which /stats/departments still
 * uses inline): grouped columns per month, grouped horizontal bars per category, a legend, values on the bars, labels
 * at 12–13 px of a 760-unit-wide picture that the page shows at 760 CSS px (scrolling sideways on a phone).
 */

export interface Series {
  label: string;
  values: number[];
  /** A colour with at least 3:1 contrast against white. */
  color: string;
}

export interface ChartSpec {
  /** column: vertical bars per category (months); bar: horizontal bars per category (long labels). */
  kind: 'column' | 'bar';
  title: string;
  desc: string;
  categories: string[];
  series: Series[];
}

export const COLORS = { first: '#a61b1b', second: '#0b57a4' };

export const CHART_WIDTH = 760;
const TEXT = '#1f2328';
const GRID = '#8c959f';
const FONT = "system-ui, -apple-system, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans CN', sans-serif";

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** One decimal place is plenty for a 760-unit picture, and keeps the file small. */
const n = (value: number) => String(Math.round(value * 10) / 10);

/** A tidy axis maximum (1, 2, 5 × 10ⁿ) and its gridline step (the SVG pictures and the inline charts). */
export function scale(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 1, step: 1 };
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) {
    const top = m * magnitude;
    if (top >= max) {
      const step = top / (m === 1 || m === 10 ? 5 : m === 2 ? 4 : 5);
      return { top, step: Number.isInteger(step) ? step : Math.max(1, Math.ceil(step)) };
    }
  }
  return { top: max, step: max };
}

const BAR = { left: 170, right: 48, top: 30, barH: 14 };

/** The picture's height in CSS px at its width of 760 (the <img> gets both, so the page does not jump). */
export function chartHeight(spec: Pick<ChartSpec, 'kind' | 'categories' | 'series'>): number {
  if (spec.kind === 'column') return 280;
  const rowH = spec.series.length * BAR.barH + 12;
  return BAR.top + spec.categories.length * rowH + 10;
}

function text(x: number, y: number, content: string | number, size: number, anchor?: 'middle' | 'end'): string {
  return `<text x="${n(x)}" y="${n(y)}" font-size="${size}"${anchor ? ` text-anchor="${anchor}"` : ''}>${escape(String(content))}</text>`;
}

function legend(series: Series[]): string {
  return series
    .map((s, i) => `<g transform="translate(${60 + i * 150},14)"><rect width="14" height="14" y="-11" fill="${s.color}"/>${text(20, 0, s.label, 13)}</g>`)
    .join('');
}

function columns(spec: ChartSpec, height: number): string {
  const { categories, series } = spec;
  const left = 48;
  const right = 12;
  const top = 34;
  const bottom = 34;
  const plotW = CHART_WIDTH - left - right;
  const plotH = height - top - bottom;
  const { top: max, step } = scale(Math.max(0, ...series.flatMap((s) => s.values)));
  const groupW = plotW / Math.max(1, categories.length);
  const barW = Math.min(22, (groupW * 0.8) / series.length);
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const parts = [legend(series)];
  for (let v = 0; v <= max; v += step) {
    parts.push(`<line x1="${left}" x2="${CHART_WIDTH - right}" y1="${n(y(v))}" y2="${n(y(v))}" stroke="${GRID}" stroke-width="${v === 0 ? 1.5 : 0.5}"/>`);
    parts.push(text(left - 6, y(v) + 4, v, 12, 'end'));
  }
  categories.forEach((c, ci) => {
    const x0 = left + ci * groupW + (groupW - barW * series.length) / 2;
    series.forEach((s, si) => {
      const v = s.values[ci] ?? 0;
      const h = (v / max) * plotH;
      parts.push(`<rect x="${n(x0 + si * barW)}" y="${n(top + plotH - h)}" width="${n(barW - 2)}" height="${n(h)}" fill="${s.color}"/>`);
      if (v > 0) parts.push(text(x0 + si * barW + (barW - 2) / 2, top + plotH - h - 3, v, 12, 'middle'));
    });
    parts.push(text(left + ci * groupW + groupW / 2, height - bottom + 18, c, 12, 'middle'));
  });
  return parts.join('');
}

function bars(spec: ChartSpec, height: number): string {
  const { categories, series } = spec;
  const { left, right, top, barH } = BAR;
  const rowH = series.length * barH + 12;
  const plotW = CHART_WIDTH - left - right;
  const { top: max } = scale(Math.max(0, ...series.flatMap((s) => s.values)));
  const clip = (label: string) => ([...label].length > 11 ? `${[...label].slice(0, 10).join('')}…` : label);
  const parts = [series.length > 1 ? legend(series) : ''];
  parts.push(`<line x1="${left}" x2="${left}" y1="${top - 4}" y2="${height - 6}" stroke="${GRID}" stroke-width="1.5"/>`);
  categories.forEach((c, ci) => {
    const y0 = top + ci * rowH;
    parts.push(text(left - 8, y0 + (series.length * barH) / 2 + 4, clip(c), 13, 'end'));
    series.forEach((s, si) => {
      const v = s.values[ci] ?? 0;
      const w = (v / max) * plotW;
      parts.push(`<rect x="${left}" y="${n(y0 + si * barH)}" width="${n(w)}" height="${barH - 2}" fill="${s.color}"/>`);
      parts.push(text(left + w + 4, y0 + si * barH + barH - 3, v, 12));
    });
  });
  return parts.join('');
}

/** The chart as an SVG document (with its title and description, for anyone who opens the file itself). */
export function chartSvg(spec: ChartSpec): string {
  const height = chartHeight(spec);
  const body = spec.kind === 'column' ? columns(spec, height) : bars(spec, height);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${height}" viewBox="0 0 ${CHART_WIDTH} ${height}" role="img" font-family="${escape(FONT)}" fill="${TEXT}">` +
    `<title>${escape(spec.title)}</title><desc>${escape(spec.desc)}</desc><rect width="100%" height="100%" fill="#fff"/>${body}</svg>`
  );
}
