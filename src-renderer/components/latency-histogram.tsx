import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { binLabel, histogramSeries, type LatencyBin } from '../model/latency-bins';

function cssColor(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

function chartOptions(bins: readonly LatencyBin[], width: number, height: number): uPlot.Options {
  const fg = cssColor('--fg-muted', '#666');
  const grid = cssColor('--border', '#ddd');
  const accent = cssColor('--accent', '#2563c9');
  const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
  return {
    width,
    height,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: {
      x: { time: false, range: [-0.5, bins.length - 0.5] },
      y: { range: (_u, _min, max) => [0, Math.max(1, max)] },
    },
    axes: [
      { ...axis, values: (_u, splits) => splits.map((i) => (bins[i] ? binLabel(bins[i]) : '')), incrs: [1] },
      { ...axis, label: 'responses', size: 44 },
    ],
    series: [
      {},
      {
        label: 'responses',
        stroke: accent,
        fill: `${accent}88`,
        width: 1,
        paths: uPlot.paths.bars!({ size: [0.85, 80] }),
        points: { show: false },
      },
    ],
  };
}

/** Response times of matched pairs as a bar chart (uPlot, drawn on a canvas), resized with its panel. */
export function LatencyHistogram({ bins }: { bins: readonly LatencyBin[] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element || bins.length === 0) return;
    const size = () => ({ width: Math.max(200, element.clientWidth), height: Math.max(100, element.clientHeight) });
    const plot = new uPlot(chartOptions(bins, size().width, size().height), histogramSeries(bins), element);
    const observer = new ResizeObserver(() => plot.setSize(size()));
    observer.observe(element);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [bins]);
  if (bins.length === 0) return <div className="panel-message muted">No matched pairs: no response times.</div>;
  return <div ref={box} className="latency-histogram" role="img" aria-label="Response time histogram" />;
}
