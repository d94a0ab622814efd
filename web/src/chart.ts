/**
 * Charts: Chart.js with only the bar and line pieces registered (tree-shaken), each chart with
 * its numbers also in a table for screen readers and for copying.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LineController, LineElement, LinearScale, PointElement, Tooltip, Filler } from 'chart.js';
import { h } from './ui';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend, Filler);
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
Chart.defaults.animation = false;

export const COLORS = ['#2457c5', '#e07b39', '#2f9e6b', '#b5485d', '#7a5cc4', '#8a8f98'];
export const BASELINE_COLOR = '#a3a8b0';

export interface Series {
  label: string;
  values: number[];
  color?: string;
}

export interface ChartSpec {
  type: 'bar' | 'line';
  title: string;
  labels: (string | number)[];
  series: Series[];
  /** horizontal bars (long labels such as titles) */
  horizontal?: boolean;
  yTitle?: string;
  /** bar colour per label instead of per series */
  colorsByLabel?: string[];
  height?: number;
  /** the series stacked in one bar per label (parts of a whole) */
  stacked?: boolean;
  /** a log value axis (the page that asks registers Chart.js's LogarithmicScale) */
  logY?: boolean;
  /** category labels longer than this are cut on the axis (the tooltip and the table keep them whole) */
  labelChars?: number;
}

let drawn: Promise<void> = Promise.resolve();

/**
 * Building a chart takes Chart.js tens of milliseconds on a phone, and a view with two charts
 * drawn together blocked input for 270–320 ms (Lighthouse's total blocking time, mobile). So a
 * chart is drawn once it comes near the screen (its height is reserved, so nothing moves), and
 * draws run one per frame, never several in one task.
 */
function drawSoon(holder: HTMLElement, draw: () => void): void {
  if (typeof IntersectionObserver === 'undefined') return queueDraw(draw);
  const seen = new IntersectionObserver(
    (entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      seen.disconnect();
      queueDraw(draw);
    },
    { rootMargin: '300px 0px' },
  );
  // observed once in the document (a view is built, then attached)
  let frames = 0;
  const observeWhenAttached = () => {
    if (holder.isConnected) seen.observe(holder);
    else if (++frames < 120) requestAnimationFrame(observeWhenAttached);
  };
  requestAnimationFrame(observeWhenAttached);
}

function queueDraw(draw: () => void): void {
  drawn = drawn.then(
    () =>
      new Promise<void>((done) =>
        requestAnimationFrame(() => {
          try {
            draw();
          } finally {
            setTimeout(done, 0);
          }
        }),
      ),
  );
}

const cut = (label: string, n: number) => (label.length > n ? `${label.slice(0, n - 1)}…` : label);

/** A figure with the chart, its caption and a data table under a disclosure. */
export function chart(spec: ChartSpec): HTMLElement {
  const canvas = h('canvas', { role: 'img', 'aria-label': `${spec.title} (chart; the numbers are in the table below)` });
  const holder = h('div', { class: 'chart' }, canvas);
  // the chart's height is reserved before Chart.js draws (no shift); set through the CSSOM, which a
  // Content-Security-Policy without 'unsafe-inline' styles allows (a style attribute it would block)
  holder.style.height = `${spec.height ?? 280}px`;
  const table = h(
    'table',
    {},
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, ''), spec.series.map((s) => h('th', { scope: 'col' }, s.label)))),
    h(
      'tbody',
      {},
      spec.labels.map((l, i) => h('tr', {}, h('th', { scope: 'row' }, String(l)), spec.series.map((s) => h('td', {}, Number.isFinite(s.values[i]) ? s.values[i].toLocaleString('en-US', { maximumFractionDigits: 4 }) : '')))),
    ),
  );
  const figure = h('figure', { class: 'figure' }, h('figcaption', {}, spec.title), holder, h('details', {}, h('summary', {}, 'Data as a table'), table));
  // Chart.js measures its parent: draw once the figure is in the document
  drawSoon(holder, () => {
    if (!canvas.isConnected) return;
    new Chart(canvas, {
      type: spec.type,
      data: {
        labels: spec.labels,
        datasets: spec.series.map((s, i) => ({
          label: s.label,
          data: s.values,
          backgroundColor: spec.colorsByLabel ?? s.color ?? COLORS[i % COLORS.length],
          borderColor: s.color ?? COLORS[i % COLORS.length],
          borderWidth: spec.type === 'line' ? 2 : 0,
          pointRadius: spec.type === 'line' ? 2 : undefined,
          fill: false,
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: spec.horizontal ? 'y' : 'x',
        plugins: { legend: { display: spec.series.length > 1 } },
        scales: {
          [spec.horizontal ? 'x' : 'y']: { type: spec.logY ? 'logarithmic' : 'linear', beginAtZero: !spec.logY, stacked: spec.stacked, title: { display: !!spec.yTitle, text: spec.yTitle ?? '' } },
          [spec.horizontal ? 'y' : 'x']: {
            stacked: spec.stacked,
            ticks: spec.labelChars ? { callback: (v) => cut(String(spec.labels[Number(v)]), spec.labelChars!) } : {},
          },
        },
      },
    });
    canvas.dataset.rendered = 'true';
  });
  return figure;
}
