// Per minute: messages submitted, delivered and failed, as grouped bars. Plain SVG
// scaled to its box; long runs are folded into buckets of several minutes.
import { Empty, Space, Typography, theme } from 'antd';
import type { ReactNode } from 'react';
import type { CampaignDetail } from '../../../shared/contract';
import { useI18n } from '../i18n';

type Point = CampaignDetail['timeline'][number];

const MAX_BARS = 90;
const W = 720;
const H = 180;
const PAD = { left: 36, right: 8, top: 10, bottom: 24 };

/** Minutes folded so that there are at most MAX_BARS groups. */
function bucket(points: Point[]): Point[] {
  const size = Math.ceil(points.length / MAX_BARS);
  if (size <= 1) return points;
  const out: Point[] = [];
  for (let i = 0; i < points.length; i += size) {
    const group = points.slice(i, i + size);
    out.push({
      minute: group[0].minute,
      submitted: group.reduce((n, p) => n + p.submitted, 0),
      delivered: group.reduce((n, p) => n + p.delivered, 0),
      failed: group.reduce((n, p) => n + p.failed, 0),
    });
  }
  return out;
}

/** 'YYYY-MM-DDTHH:mm' (UTC, as the core groups) in the user's clock. */
const clock = (minute: string): string => new Date(`${minute}:00Z`).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

export function TimelineChart(props: { timeline: Point[] }): ReactNode {
  const { t } = useI18n();
  const { token } = theme.useToken();
  if (props.timeline.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('detail.chartEmpty')} />;
  const points = bucket(props.timeline);
  const series = [
    { key: 'submitted', label: t('funnel.submitted'), colour: token.colorPrimary },
    { key: 'delivered', label: t('funnel.delivered'), colour: token.colorSuccess },
    { key: 'failed', label: t('funnel.failed'), colour: token.colorError },
  ] as const;
  const max = Math.max(1, ...points.map((p) => Math.max(p.submitted, p.delivered, p.failed)));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / points.length;
  const bar = Math.max(1, Math.min(14, (slot * 0.8) / series.length));
  const y = (v: number): number => PAD.top + plotH - (v / max) * plotH;
  return (
    <div data-testid="timeline-chart">
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={t('detail.chart')} style={{ maxHeight: 220 }}>
        <line x1={PAD.left} x2={W - PAD.right} y1={y(0)} y2={y(0)} stroke={token.colorBorder} />
        <line x1={PAD.left} x2={W - PAD.right} y1={y(max)} y2={y(max)} stroke={token.colorBorderSecondary} strokeDasharray="3 3" />
        <text x={PAD.left - 4} y={y(max) + 4} textAnchor="end" fontSize={11} fill={token.colorTextSecondary}>
          {max.toLocaleString()}
        </text>
        <text x={PAD.left - 4} y={y(0) + 4} textAnchor="end" fontSize={11} fill={token.colorTextSecondary}>
          0
        </text>
        {points.map((p, i) => {
          const x0 = PAD.left + i * slot + (slot - bar * series.length) / 2;
          return (
            <g key={p.minute}>
              <title>{`${clock(p.minute)} · ${series.map((s) => `${s.label} ${p[s.key]}`).join(' · ')}`}</title>
              {series.map((s, j) => (
                <rect key={s.key} x={x0 + j * bar} y={y(p[s.key])} width={bar} height={Math.max(0, y(0) - y(p[s.key]))} fill={s.colour} rx={1} />
              ))}
            </g>
          );
        })}
        <text x={PAD.left} y={H - 6} fontSize={11} fill={token.colorTextSecondary}>
          {clock(points[0].minute)}
        </text>
        {points.length > 1 && (
          <text x={W - PAD.right} y={H - 6} textAnchor="end" fontSize={11} fill={token.colorTextSecondary}>
            {clock(points[points.length - 1].minute)}
          </text>
        )}
      </svg>
      <Space size="middle">
        {series.map((s) => (
          <Space key={s.key} size={4}>
            <span style={{ display: 'inline-block', width: 10, height: 10, background: s.colour, borderRadius: 2 }} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {s.label}
            </Typography.Text>
          </Space>
        ))}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('detail.perMinute')}
        </Typography.Text>
      </Space>
    </div>
  );
}
