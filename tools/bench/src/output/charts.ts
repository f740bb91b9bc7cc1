/**
 * PNG charts of a run: vega-lite specs compiled to vega, rendered to SVG by vega's headless view
 * and to PNG by resvg (no browser, no native build). vega and vega-lite are ESM with top-level
 * await, so they are loaded with import(), which this project's node16 module setting keeps.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GroupSummary } from '../core/summary';
import { DISTRIBUTION_PERCENTILES } from '../core/stats';

type Spec = Record<string, unknown>;

const FAMILY_COLORS = { domain: ['postgres', 'rabbitmq', 'redis'], range: ['#336791', '#ff6600', '#a41e11'] };
const WIDTH = 560;

/** Compiles a vega-lite spec and renders it to SVG with vega's headless view. */
export async function renderSvg(spec: Spec): Promise<string> {
  const [vegaLite, vega] = await Promise.all([import('vega-lite'), import('vega')]);
  const compiled = vegaLite.compile({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: 'white',
    config: { font: 'DejaVu Sans', legend: { labelLimit: 320 } },
    ...spec,
  } as never).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Renders a vega-lite spec to PNG bytes (2× for sharp text). */
export async function renderPng(spec: Spec): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  return new Resvg(await renderSvg(spec), {
    fitTo: { mode: 'zoom', value: 2 },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  })
    .render()
    .asPng();
}

/** Horizontal bars of one metric per system (median, with the rounds' min–max), log scale. */
export function throughputSpec(summary: GroupSummary, metric = 'value'): Spec | undefined {
  const values = summary.scenarios
    .filter((scenario) => scenario.medians[metric] !== null && scenario.medians[metric]! > 0)
    .map((scenario) => ({
      system: scenario.system?.label ?? scenario.name,
      family: scenario.system?.family ?? 'postgres',
      median: scenario.medians[metric],
      min: scenario.ranges[metric]?.min,
      max: scenario.ranges[metric]?.max,
    }));
  if (values.length === 0) {
    return undefined;
  }
  const label = summary.metrics.find((entry) => entry.key === metric)?.label ?? metric;
  // A log scale has no zero for bars to start from: they start at the power of ten below the
  // smallest value, named in every layer so that vega-lite resolves one scale.
  const floor = 10 ** Math.floor(Math.log10(Math.min(...values.map((entry) => entry.min ?? entry.median!))));
  const x = (field: string) => ({
    field,
    type: 'quantitative',
    scale: { type: 'log', domainMin: floor, domainMax: Math.max(...values.map((entry) => entry.max ?? entry.median!)) * 4 },
    title: `${label} (median of rounds, line: min–max; log scale)`,
  });
  return {
    title: { text: `${summary.name}: ${summary.title}`, fontSize: 12, limit: WIDTH + 200 },
    width: WIDTH,
    data: { values },
    encoding: {
      y: {
        field: 'system',
        type: 'nominal',
        sort: { field: 'median', op: 'max', order: 'descending' },
        title: null,
        axis: { labelLimit: 260 },
      },
    },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          x: x('median'),
          x2: { datum: floor },
          color: { field: 'family', type: 'nominal', scale: FAMILY_COLORS, title: 'family' },
        },
      },
      { mark: { type: 'rule', color: 'black' }, encoding: { x: x('min'), x2: { field: 'max' } } },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 10 },
        encoding: { x: x('max'), text: { field: 'median', type: 'quantitative', format: ',.0f' } },
      },
    ],
  };
}

/** Latency percentiles per system (the median round's distribution), log scale in ms. */
export function latencySpec(summary: GroupSummary): Spec | undefined {
  const values = summary.scenarios.flatMap((scenario) =>
    scenario.distribution
      ? DISTRIBUTION_PERCENTILES.map((p, order) => ({
          system: scenario.system?.label ?? scenario.name,
          percentile: `p${p}`,
          order,
          ms: Math.max(0.01, scenario.distribution![`p${p}`]),
        }))
      : [],
  );
  if (values.length === 0) {
    return undefined;
  }
  return {
    title: { text: `${summary.name}: latency distribution (the median round of each system)`, fontSize: 12 },
    width: WIDTH,
    height: 320,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'percentile', type: 'ordinal', sort: { field: 'order' }, title: 'percentile' },
      y: { field: 'ms', type: 'quantitative', scale: { type: 'log' }, title: 'ms from enqueue to handler (log scale)' },
      color: { field: 'system', type: 'nominal', title: 'system', legend: { labelLimit: 300 } },
    },
  };
}

/** Throughput and where the CPU went, per consumer-process count. */
export function scalingSpec(summaries: readonly GroupSummary[]): Spec | undefined {
  const seriesName = (group: string) => (group.endsWith('-raw') ? 'raw claim-and-delete' : 'Tenaz (PostgreSQL)');
  const values = summaries.flatMap((summary) =>
    summary.scenarios.flatMap((scenario) => {
      const processes = Number(/(\d+) consumer process/.exec(scenario.name)?.[1] ?? NaN);
      return [
        { series: seriesName(summary.name), processes, measure: 'consumer CPU (cores)', value: scenario.medians['consumerCores'] },
        {
          series: seriesName(summary.name),
          processes,
          measure: 'PostgreSQL backends CPU (cores)',
          value: scenario.medians['postgresCores'],
        },
      ];
    }),
  );
  const rates = summaries.flatMap((summary) =>
    summary.scenarios.map((scenario) => ({
      series: seriesName(summary.name),
      processes: Number(/(\d+) consumer process/.exec(scenario.name)?.[1] ?? NaN),
      rate: scenario.medians['value'],
    })),
  );
  if (rates.length === 0) {
    return undefined;
  }
  return {
    title: { text: 'drain with 1, 2 and 4 consumer processes on one database (2 cores)', fontSize: 12 },
    hconcat: [
      {
        width: 260,
        data: { values: rates },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'processes', type: 'ordinal' },
          y: { field: 'rate', type: 'quantitative', title: 'messages/s' },
          color: { field: 'series', type: 'nominal', title: null },
        },
      },
      {
        width: 260,
        data: { values },
        mark: 'bar',
        encoding: {
          x: { field: 'processes', type: 'ordinal' },
          xOffset: { field: 'series' },
          y: { field: 'value', type: 'quantitative', title: 'cores busy during the drain', stack: 'zero' },
          color: { field: 'measure', type: 'nominal', title: null },
          opacity: { field: 'series', type: 'nominal', scale: { range: [1, 0.55] }, title: null },
        },
      },
    ],
  };
}

/** Every chart of a run into `directory`; returns the file names written. */
export async function writeCharts(summaries: readonly GroupSummary[], directory: string): Promise<string[]> {
  const written: string[] = [];
  const write = async (name: string, spec: Spec | undefined) => {
    if (spec) {
      writeFileSync(join(directory, name), await renderPng(spec));
      written.push(name);
    }
  };
  for (const summary of summaries) {
    if (summary.scenarios.some((scenario) => scenario.system) && summary.metrics.some((metric) => metric.key === 'value')) {
      await write(`${summary.name}.png`, throughputSpec(summary));
    }
    if (summary.scenarios.some((scenario) => scenario.distribution)) {
      await write(`${summary.name}.png`, latencySpec(summary));
    }
  }
  const drain16 = summaries.find((summary) => summary.name === 'drain-16');
  if (drain16) {
    await write(
      'consumer-rss.png',
      throughputSpec({ ...drain16, title: 'consumer peak RSS while draining at concurrency 16 (child process)' }, 'rssMb'),
    );
  }
  await write('drain-scaling.png', scalingSpec(summaries.filter((summary) => summary.name.startsWith('drain-scaling'))));
  return written;
}
