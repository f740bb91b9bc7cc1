import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * vega and vega-lite are ESM with top-level await, which Jest's CommonJS runtime cannot load, so
 * this spec drives the built module (`nx run bench:build`, a dependency of the test target) in
 * a plain Node process: real vega, real resvg.
 */
const CHARTS = join(__dirname, '..', '..', 'dist', 'output', 'charts.js');

function inNode<T>(body: string): T {
  const script = `const charts = require(${JSON.stringify(CHARTS)});\n(async () => { ${body} })().then((value) => process.stdout.write(JSON.stringify(value)), (error) => { console.error(error); process.exit(1); });`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { timeout: 60_000 }).toString()) as T;
}

const group = {
  name: 'drain-16',
  title: 'drain',
  metrics: [{ key: 'value', label: 'messages/s', direction: 'higher' }],
  comparisons: [],
  goals: [],
  scenarios: [
    {
      name: 'a',
      baseline: true,
      source: '',
      rounds: [],
      system: { id: 'raw-postgres', label: 'raw SQL', family: 'postgres', role: 'raw', settings: '' },
      medians: { value: 80_000 },
      ranges: { value: { min: 70_000, max: 90_000 } },
    },
    {
      name: 'b',
      baseline: false,
      source: '',
      rounds: [],
      system: { id: 'pg-boss-defaults', label: 'pg-boss', family: 'postgres', role: 'alternative', settings: '' },
      medians: { value: 0.6 },
      ranges: { value: { min: 0.5, max: 0.7 } },
    },
    {
      name: 'c',
      baseline: false,
      source: '',
      rounds: [],
      system: { id: 'bullmq', label: 'BullMQ', family: 'redis', role: 'alternative', settings: '' },
      medians: { value: 5_000 },
      ranges: { value: { min: 5_000, max: 5_000 } },
    },
  ],
};

describe('charts', () => {
  beforeAll(() => {
    if (!existsSync(CHARTS)) {
      throw new Error(`${CHARTS} is missing: run npx nx run bench:build`);
    }
  });

  it('draws one bar per system on the log scale, from the smallest value to the largest', () => {
    const bars = inNode<Array<{ width: number }>>(`
      const svg = await charts.renderSvg(charts.throughputSpec(${JSON.stringify(group)}));
      const marks = svg.match(/<g class="mark-rect role-mark[^"]*"[^>]*>(.*?)<\\/g>/s)[1];
      return [...marks.matchAll(/<path[^>]* d="M[-0-9.]+,[-0-9.]+h([0-9.]+)/g)].map((m) => ({ width: Number(m[1]) }));`);
    expect(bars).toHaveLength(3);
    const widths = bars.map((bar) => bar.width).sort((a, b) => a - b);
    expect(widths[0]).toBeGreaterThan(0);
    expect(widths[2]).toBeGreaterThan(widths[1]);
  });

  it('renders a PNG', () => {
    const header = inNode<number[]>(
      `return [...(await charts.renderPng(charts.throughputSpec(${JSON.stringify(group)}))).subarray(0, 8)];`,
    );
    expect(Buffer.from(header).toString('latin1')).toBe('\u0089PNG\r\n\u001a\n');
  });
});
