// The admin statistics chart of both hosts: Chart.js (bundled at build time, only the bar and
// line parts) drawn from a chart view the bridge builds (ShopCredit\I18n\ChartView: words in the
// shop's language, amounts in its money format), with the same figures in a table — the
// accessible form of the chart (screen readers, keyboard, printing, no canvas).
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';

Chart.register(BarController, LineController, BarElement, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend);

export interface ChartSeries {
  name: string;
  /** `table`: a figure of another unit (a count beside amounts) listed in the table, not drawn. */
  type: 'bar' | 'line' | 'table';
  /** Decimal strings (money) or integers as strings: drawn, never added up here. */
  values: string[];
  /** The same values as people read them (money in the shop's format). */
  shown: string[];
}

export interface ChartView {
  title: string;
  /** The heading of the label column in the table (e.g. "Period"). */
  labelHeading: string;
  labels: string[];
  series: ChartSeries[];
  /** The summary of the table of figures ("The figures of this chart"). */
  tableCaption: string;
  /** Shown instead of the chart when every value is zero. */
  empty: string;
}

/** Distinct, high-contrast colours (WCAG AA against white for lines and bar borders). */
const COLOURS = ['#1b5e9e', '#b4451f', '#2e7d32', '#6a1b9a', '#8d6e00', '#00695c'];

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

/** The figures as a table: one row per label, one column per series. */
export function figuresTable(view: ChartView): HTMLTableElement {
  const head = el('tr', {}, el('th', { scope: 'col' }, view.labelHeading), ...view.series.map((s) => el('th', { scope: 'col' }, s.name)));
  const rows = view.labels.map((label, i) => el('tr', {}, el('th', { scope: 'row' }, label), ...view.series.map((s) => el('td', {}, s.shown[i] ?? ''))));
  return el('table', { class: 'sc-chart__table' }, el('caption', {}, view.title), el('thead', {}, head), el('tbody', {}, ...rows));
}

/**
 * Draws `view` into `root` (a `<figure>`): a caption, the chart (a canvas with the title as its
 * accessible name) and the table of figures in a disclosure. Returns the Chart.js instance, or
 * null when every value is zero (the `empty` words are shown instead).
 */
export function renderChart(root: HTMLElement, view: ChartView): Chart | null {
  const id = `sc-chart-${Math.random().toString(36).slice(2, 10)}`;
  const caption = el('figcaption', { class: 'sc-chart__title', id }, view.title);
  const details = el('details', { class: 'sc-chart__figures' }, el('summary', {}, view.tableCaption), figuresTable(view));
  const drawn = view.series.filter((s) => s.type !== 'table');
  const allZero = drawn.every((s) => s.values.every((v) => Number(v) === 0));
  if (allZero) {
    root.replaceChildren(caption, el('p', { class: 'sc-chart__empty' }, view.empty), details);
    root.dataset.scState = 'empty';
    return null;
  }
  const canvas = el('canvas', { role: 'img', 'aria-labelledby': id });
  root.replaceChildren(caption, el('div', { class: 'sc-chart__canvas' }, canvas), details);
  const chart = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: view.labels,
      datasets: drawn.map((s, i) => ({
        type: s.type as 'bar' | 'line',
        label: s.name,
        // Drawing only: a bar's height needs a number; every figure people read is `shown`.
        data: s.values.map(Number),
        backgroundColor: s.type === 'line' ? 'transparent' : `${COLOURS[i % COLOURS.length]}cc`,
        borderColor: COLOURS[i % COLOURS.length],
        borderWidth: 2,
        order: s.type === 'line' ? 0 : 1,
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'index', intersect: false },
      plugins: {
        legend: { position: 'bottom' },
        tooltip: { callbacks: { label: (c) => `${drawn[c.datasetIndex].name}: ${drawn[c.datasetIndex].shown[c.dataIndex] ?? ''}` } },
      },
      scales: { y: { beginAtZero: true, ticks: { maxTicksLimit: 6 } } },
    },
  });
  root.dataset.scState = 'ready';
  return chart;
}

/** Every `[data-shopcredit-chart]` of the page: its view is the JSON in its `<script type="application/json">`. */
export function mountAll(doc: Document = document): Chart[] {
  const out: Chart[] = [];
  for (const root of Array.from(doc.querySelectorAll<HTMLElement>('[data-shopcredit-chart]'))) {
    const json = root.querySelector('script[type="application/json"]')?.textContent;
    if (!json) continue;
    try {
      const c = renderChart(root, JSON.parse(json) as ChartView);
      if (c) out.push(c);
    } catch (e) {
      root.dataset.scState = 'unavailable';
      console.warn('shopcredit chart:', e);
    }
  }
  return out;
}
