import { Table, Text } from '@mantine/core';
import { useId, type ReactElement } from 'react';
import { formatTime } from '../ui/page';

export interface TrendChange {
  delta: number;
  bandChanged: boolean;
  reliableChange: boolean | null;
  direction: 'improved' | 'worsened' | 'no_reliable_change' | null;
}
export interface Trend {
  instrumentId: string;
  maxTotal: number;
  bands: { min: number; max: number; label: string }[];
  reliableChange: { points: number; source: string } | null;
  points: { id: string; administeredAt: string; total: number; band: string | null; change: TrendChange | null }[];
  overall: TrendChange | null;
}

const DIRECTION: Record<string, string> = { improved: 'improved', worsened: 'worsened', no_reliable_change: 'no significant change' };
export const describeChange = (c: TrendChange | null): string =>
  c ? `${c.delta > 0 ? '+' : ''}${c.delta}${c.direction ? `, ${DIRECTION[c.direction] ?? c.direction}` : ''}` : 'first result';

// Band shades from light to dark grey-blue: severity reads by position and label, not by colour alone.
const BAND_FILL = ['#f1f3f5', '#e7f0fb', '#d0e2f7', '#b4cff0', '#9bbfe9'];
const W = 640;
const H = 260;
const PAD = { left: 44, right: 170, top: 12, bottom: 36 };

/**
 * One instrument over time as an SVG line (drawn with attributes, no inline style, so the CSP holds),
 * with the severity bands behind it and the published change threshold drawn around the first result;
 * the table under it holds every value, so nothing is said by the picture alone.
 */
export function TrendChart({ trend, name }: { trend: Trend; name: string }): ReactElement {
  const titleId = useId();
  const descId = useId();
  const n = trend.points.length;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (i: number): number => PAD.left + (n === 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const y = (v: number): number => PAD.top + plotH - (Math.max(0, Math.min(trend.maxTotal, v)) * plotH) / trend.maxTotal;
  const first = trend.points[0];
  const threshold = trend.reliableChange?.points ?? null;
  const summary = `${name}: ${n} result${n === 1 ? '' : 's'}, from ${first?.total ?? ''} to ${trend.points[n - 1]?.total ?? ''} of ${trend.maxTotal}${trend.overall ? ` (${describeChange(trend.overall)})` : ''}.`;
  return (
    <figure className="cf-figure">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${titleId} ${descId}`} className="cf-chart">
        <title id={titleId}>{`${name} totals over time`}</title>
        <desc id={descId}>{summary}</desc>
        {trend.bands.map((b, i) => (
          <g key={b.label}>
            <rect x={PAD.left} width={plotW} y={y(b.max + (i === trend.bands.length - 1 ? 0 : 1))} height={y(b.min) - y(b.max + (i === trend.bands.length - 1 ? 0 : 1))} fill={BAND_FILL[i % BAND_FILL.length]} />
            <text x={W - PAD.right + 6} y={(y(b.min) + y(b.max)) / 2 + 4} fontSize="11" fill="#343a40">
              {b.label} ({b.min}-{b.max})
            </text>
          </g>
        ))}
        {first && threshold !== null && (
          <g>
            {[first.total - threshold, first.total + threshold]
              .filter((v) => v >= 0 && v <= trend.maxTotal)
              .map((v) => (
                <line key={v} x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} stroke="#c92a2a" strokeDasharray="5 4" strokeWidth="1.5" />
              ))}
          </g>
        )}
        {[0, Math.round(trend.maxTotal / 2), trend.maxTotal].map((v) => (
          <text key={v} x={PAD.left - 6} y={y(v) + 4} fontSize="11" textAnchor="end" fill="#343a40">
            {v}
          </text>
        ))}
        <line x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={PAD.top + plotH} stroke="#495057" />
        <line x1={PAD.left} x2={W - PAD.right} y1={PAD.top + plotH} y2={PAD.top + plotH} stroke="#495057" />
        {n > 1 && <polyline points={trend.points.map((p, i) => `${x(i)},${y(p.total)}`).join(' ')} fill="none" stroke="#1c4f8f" strokeWidth="2.5" />}
        {trend.points.map((p, i) => (
          <g key={p.id}>
            <circle cx={x(i)} cy={y(p.total)} r={p.change?.reliableChange ? 6 : 4} fill={p.change?.reliableChange ? '#c92a2a' : '#1c4f8f'} />
            <text x={x(i)} y={y(p.total) - 9} fontSize="11" textAnchor="middle" fill="#212529">
              {p.total}
            </text>
            <text x={x(i)} y={H - PAD.bottom + 16} fontSize="10" textAnchor="middle" fill="#343a40">
              {new Date(p.administeredAt).toLocaleDateString(undefined, { month: 'short', day: 'numeric' })}
            </text>
          </g>
        ))}
      </svg>
      <figcaption>
        <Text size="sm">{summary}</Text>
        {threshold !== null ? (
          <Text size="sm">
            Dashed lines: {threshold} points either side of the first result, the published threshold for a clinically significant change in one person ({trend.reliableChange?.source}). A larger dot marks a step that reaches it.
          </Text>
        ) : (
          <Text size="sm">No published change threshold for this instrument.</Text>
        )}
      </figcaption>
      <Table withTableBorder striped mt="xs">
        <Table.Caption>{name} results, oldest first</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>Total</Table.Th>
            <Table.Th>Severity</Table.Th>
            <Table.Th>Change from the one before</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {trend.points.map((p) => (
            <Table.Tr key={p.id}>
              <Table.Td>{formatTime(p.administeredAt)}</Table.Td>
              <Table.Td>
                {p.total} / {trend.maxTotal}
              </Table.Td>
              <Table.Td>{p.band ?? ''}</Table.Td>
              <Table.Td>{describeChange(p.change)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </figure>
  );
}
