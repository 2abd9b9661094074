import { ScrollRegion } from '../_components/ScrollRegion';
import { scale } from './chart-svg';

/**
 * Server-rendered SVG bar charts. Each chart is one image for assistive technology (role="img", named by its
 * <title> and described by its <desc>), and the page follows every chart with its data as a real table, so the
 * figures are readable without the picture, printable, and copyable. No JavaScript.
 *
 * The SVG is drawn at its own size (760 user units = 760 CSS px at least, stats.css), so its labels stay ≥ 12 px on a
 * phone; a narrow screen scrolls the chart sideways inside its region, which the keyboard can reach (tabIndex 0,
 * named by the chart's title) — the page itself never scrolls sideways.
 */

export interface Series {
  label: string;
  values: number[];
  /** A colour with at least 3:1 contrast against white. */
  color: string;
}

interface ChartProps {
  id: string;
  title: string;
  desc: string;
  categories: string[];
  series: Series[];
}

const TEXT = '#1f2328';
const GRID = '#8c959f';

function Legend({ series }: { series: Series[] }) {
  return (
    <g aria-hidden="true">
      {series.map((s, i) => (
        <g key={s.label} transform={`translate(${60 + i * 150}, 14)`}>
          <rect width="14" height="14" y="-11" fill={s.color} />
          <text x="20" fontSize="13" fill={TEXT}>{s.label}</text>
        </g>
      ))}
    </g>
  );
}

/** Vertical grouped bars: one group per category (e.g. month), one bar per series. */
export function ColumnChart({ id, title, desc, categories, series }: ChartProps) {
  const width = 760;
  const height = 280;
  const left = 48;
  const right = 12;
  const top = 34;
  const bottom = 34;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const { top: max, step } = scale(Math.max(0, ...series.flatMap((s) => s.values)));
  const groupW = plotW / Math.max(1, categories.length);
  const barW = Math.min(22, (groupW * 0.8) / series.length);
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const ticks: number[] = [];
  for (let v = 0; v <= max; v += step) ticks.push(v);
  return (
    <ScrollRegion label={title} className="chart-scroll">
      <svg className="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} data-testid={id}>
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{desc}</desc>
        <Legend series={series} />
        {ticks.map((v) => (
          <g key={v}>
            <line x1={left} x2={width - right} y1={y(v)} y2={y(v)} stroke={GRID} strokeWidth={v === 0 ? 1.5 : 0.5} />
            <text x={left - 6} y={y(v) + 4} fontSize="12" textAnchor="end" fill={TEXT}>{v}</text>
          </g>
        ))}
        {categories.map((c, ci) => {
          const x0 = left + ci * groupW + (groupW - barW * series.length) / 2;
          return (
            <g key={c}>
              {series.map((s, si) => {
                const v = s.values[ci] ?? 0;
                const h = (v / max) * plotH;
                return (
                  <g key={s.label}>
                    <rect x={x0 + si * barW} y={top + plotH - h} width={barW - 2} height={h} fill={s.color} />
                    {v > 0 ? <text x={x0 + si * barW + (barW - 2) / 2} y={top + plotH - h - 3} fontSize="12" textAnchor="middle" fill={TEXT}>{v}</text> : null}
                  </g>
                );
              })}
              <text x={left + ci * groupW + groupW / 2} y={height - bottom + 18} fontSize="12" textAnchor="middle" fill={TEXT}>{c}</text>
            </g>
          );
        })}
      </svg>
    </ScrollRegion>
  );
}

/** Horizontal grouped bars: one row per category (kind, department, outcome), long labels on the left. */
export function BarChart({ id, title, desc, categories, series }: ChartProps) {
  const width = 760;
  const left = 170;
  const right = 48;
  const top = 30;
  const barH = 14;
  const rowH = series.length * barH + 12;
  const height = top + categories.length * rowH + 10;
  const plotW = width - left - right;
  const { top: max } = scale(Math.max(0, ...series.flatMap((s) => s.values)));
  const clip = (label: string) => ([...label].length > 11 ? `${[...label].slice(0, 10).join('')}…` : label);
  return (
    <ScrollRegion label={title} className="chart-scroll">
      <svg className="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} data-testid={id}>
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{desc}</desc>
        {series.length > 1 ? <Legend series={series} /> : null}
        <line x1={left} x2={left} y1={top - 4} y2={height - 6} stroke={GRID} strokeWidth="1.5" />
        {categories.map((c, ci) => {
          const y0 = top + ci * rowH;
          return (
            <g key={`${c}-${ci}`}>
              <text x={left - 8} y={y0 + (series.length * barH) / 2 + 4} fontSize="13" textAnchor="end" fill={TEXT}>{clip(c)}</text>
              {series.map((s, si) => {
                const v = s.values[ci] ?? 0;
                const w = (v / max) * plotW;
                return (
                  <g key={s.label}>
                    <rect x={left} y={y0 + si * barH} width={w} height={barH - 2} fill={s.color} />
                    <text x={left + w + 4} y={y0 + si * barH + barH - 3} fontSize="12" fill={TEXT}>{v}</text>
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
    </ScrollRegion>
  );
}

export { COLORS } from './chart-svg';
