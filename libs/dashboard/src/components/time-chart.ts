import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

/** One line of a chart. */
export interface ChartSeries {
  label: string;
  color: string;
  values: (number | null)[];
  /** Drawn dashed: a threshold such as the SLA. */
  dashed?: boolean;
}

const HEIGHT = 160;
/** The narrowest time axis, in seconds: a chart with one sample would otherwise span years. */
const MIN_SPAN_S = 60;

/**
 * The samples' own span, widened to a minute ending at the last one when it is shorter. Read from
 * the samples, not from uPlot's proposal: for a single sample uPlot proposes a day in
 * milliseconds, which on a seconds axis is almost three years.
 */
function timeRange(times: readonly number[]): uPlot.Range.MinMax {
  const last = times.length > 0 ? times[times.length - 1] : Date.now() / 1_000;
  const first = times.length > 0 ? times[0] : last;
  return last - first < MIN_SPAN_S ? [last - MIN_SPAN_S, last] : [first, last];
}

/**
 * A uPlot time chart. The plot is created once per series layout and fed new data on every
 * refresh (`setData`), so a refresh every few seconds neither flickers nor leaks canvases.
 */
export function TimeChart(props: { title: string; unit: string; times: number[]; series: ChartSeries[] }) {
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | undefined>(undefined);
  const times = useRef<number[]>(props.times);
  times.current = props.times;
  const layout = props.series.map((line) => line.label).join('|');

  useEffect(() => {
    const element = container.current;
    if (!element) {
      return undefined;
    }
    const options: uPlot.Options = {
      width: Math.max(element.clientWidth, 280),
      height: HEIGHT,
      scales: { x: { time: true, range: () => timeRange(times.current) } },
      axes: [{}, { label: props.unit, size: 60 }],
      legend: { live: false },
      series: [
        {},
        ...props.series.map((line) => ({
          label: line.label,
          stroke: line.color,
          width: 2,
          dash: line.dashed ? [6, 4] : undefined,
          spanGaps: true,
        })),
      ],
    };
    plot.current = new uPlot(options, [props.times, ...props.series.map((line) => line.values)], element);
    const resize = () => plot.current?.setSize({ width: Math.max(element.clientWidth, 280), height: HEIGHT });
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      plot.current?.destroy();
      plot.current = undefined;
    };
    // Recreated only when the set of lines changes; data flows through the effect below.
  }, [layout]);

  useEffect(() => {
    plot.current?.setData([props.times, ...props.series.map((line) => line.values)]);
  }, [props.times, props.series]);

  return html`<figure class="chart">
    <figcaption>${props.title}</figcaption>
    <div ref=${container}></div>
  </figure>`;
}
