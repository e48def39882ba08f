// A small line of the evidence's daily series, drawn as SVG on the server: thirty points do not need a chart library.
export function Sparkline({ series, label }: { series: { day: string; value: string }[]; label: string }) {
  if (series.length < 2) return null;
  const values = series.map((point) => Number(point.value));
  const max = Math.max(...values, 1);
  const min = Math.min(...values, 0);
  const width = 240;
  const height = 48;
  const x = (index: number) => (index / (series.length - 1)) * width;
  const y = (value: number) => height - ((value - min) / (max - min || 1)) * (height - 4) - 2;
  const points = values.map((value, index) => `${x(index).toFixed(1)},${y(value).toFixed(1)}`).join(" ");
  const first = series[0]!;
  const last = series.at(-1)!;
  return (
    <figure className="text-xs text-slate-500">
      <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${label}: ${first.value} on ${first.day}, ${last.value} on ${last.day}`}>
        <polyline points={points} fill="none" stroke="#4f46e5" strokeWidth="1.5" />
      </svg>
      <figcaption>
        {label}, {first.day} – {last.day}
      </figcaption>
    </figure>
  );
}
