// 估算与发送前检查: for a list, an account and a template, what sending would mean —
// recipients, parts, cost against the balance, and every finding of the preflight with
// what to do about it. Used on the templates page and by the campaign page, which
// passes its own kind and send time (and may listen to each estimate).
import { Alert, Button, DatePicker, Descriptions, Empty, Radio, Space, Spin, Table, Tag, Typography, theme } from 'antd';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { EmptyPolicyView, Estimate, Finding } from '../../../shared/contract';
import { KINDS, type Kind } from '../../../shared/providers';
import { call } from '../api/client';
import { useI18n } from '../i18n';
import { errorText } from '../lib/errors';

export interface EstimatePanelProps {
  listId?: number;
  accountId?: number;
  body: string;
  emptyPolicy?: EmptyPolicyView;
  providerTemplateId?: string;
  /** Controlled by the caller when given; otherwise the panel asks. */
  kind?: Kind;
  onKindChange?: (kind: Kind) => void;
  /** Beijing time 'YYYY-MM-DD HH:mm', or null for now; controlled when given. */
  sendAt?: string | null;
  onSendAtChange?: (sendAt: string | null) => void;
  /** Each new estimate, and null when the inputs changed since. */
  onEstimate?: (estimate: Estimate | null) => void;
}

export function formatYuan(n: number): string {
  return n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 4 });
}

export function EstimatePanel(props: EstimatePanelProps): ReactNode {
  const { t, pick } = useI18n();
  const [ownKind, setOwnKind] = useState<Kind>('marketing');
  const [ownSendAt, setOwnSendAt] = useState<string | null>(null);
  const kind = props.kind ?? ownKind;
  const sendAt = props.sendAt === undefined ? ownSendAt : props.sendAt;
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<{ key: string; estimate: Estimate } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const input = useMemo(
    () =>
      props.listId !== undefined && props.accountId !== undefined && props.body.trim() !== ''
        ? {
            listId: props.listId,
            accountId: props.accountId,
            body: props.body,
            emptyPolicy: props.emptyPolicy ?? { kind: 'refuse' as const },
            kind,
            sendAt: sendAt ?? undefined,
            providerTemplateId: props.providerTemplateId || undefined,
          }
        : null,
    [props.listId, props.accountId, props.body, props.emptyPolicy, props.providerTemplateId, kind, sendAt],
  );
  const key = JSON.stringify(input);
  const stale = result !== null && result.key !== key;

  const { onEstimate } = props;
  useEffect(() => {
    if (stale) onEstimate?.(null);
  }, [stale, onEstimate]);

  const run = async (): Promise<void> => {
    if (!input) return;
    setRunning(true);
    setError(null);
    try {
      const estimate = await call('estimate.run', input);
      setResult({ key, estimate });
      onEstimate?.(estimate);
    } catch (err) {
      setError(errorText(err, pick));
      setResult(null);
      onEstimate?.(null);
    } finally {
      setRunning(false);
    }
  };

  return (
    <div data-testid="estimate-panel">
      <Space wrap size="large" style={{ marginBottom: 12 }}>
        {props.kind === undefined && (
          <Space>
            <span>{t('campaigns.kind')}</span>
            <Radio.Group
              data-testid="estimate-kind"
              value={kind}
              optionType="button"
              onChange={(e) => {
                setOwnKind(e.target.value as Kind);
                props.onKindChange?.(e.target.value as Kind);
              }}
              options={KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
            />
          </Space>
        )}
        {props.sendAt === undefined && (
          <Space>
            <span>{t('estimate.sendAt')}</span>
            <DatePicker
              data-testid="estimate-send-at"
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              placeholder={t('estimate.now')}
              onChange={(_, text) => {
                const value = typeof text === 'string' && text ? text : null;
                setOwnSendAt(value);
                props.onSendAtChange?.(value);
              }}
            />
            <Typography.Text type="secondary">{t('estimate.beijing')}</Typography.Text>
          </Space>
        )}
        <Button type="primary" onClick={() => void run()} loading={running} disabled={!input} data-testid="estimate-run">
          {result ? t('estimate.rerun') : t('estimate.run')}
        </Button>
        {!input && <Typography.Text type="secondary">{t('estimate.needInputs')}</Typography.Text>}
        {stale && !running && <Typography.Text type="warning">{t('estimate.stale')}</Typography.Text>}
      </Space>
      {error && <Alert type="error" showIcon title={error} data-testid="estimate-error" style={{ marginBottom: 12 }} />}
      <Spin spinning={running} description={t('estimate.running')}>
        {result ? (
          <EstimateResult estimate={result.estimate} faded={stale} />
        ) : running ? (
          <div style={{ minHeight: 120 }} />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('estimate.none')} />
        )}
      </Spin>
    </div>
  );
}

function EstimateResult({ estimate: e, faded }: { estimate: Estimate; faded: boolean }): ReactNode {
  const { t, pick } = useI18n();
  const { token } = theme.useToken();
  const unit = (u: 'money' | 'count' | 'points'): string => t(`estimate.unit.${u}`);
  const errors = e.findings.filter((f) => f.severity === 'error');
  const warnings = e.findings.filter((f) => f.severity === 'warning');
  const maxCount = Math.max(1, ...e.distribution.map((d) => d.count));

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', opacity: faded ? 0.55 : 1 }} data-testid="estimate-result">
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, sm: 2, md: 3 }}
        items={[
          { key: 'recipients', label: t('estimate.recipients'), children: <span data-testid="estimate-recipients">{e.recipients.toLocaleString()}</span> },
          { key: 'skipped', label: t('estimate.skipped'), children: <span data-testid="estimate-skipped">{e.skippedOptedOut.toLocaleString()}</span> },
          { key: 'parts', label: t('estimate.totalParts'), children: <span data-testid="estimate-total-parts">{e.totalParts.toLocaleString()}</span> },
          { key: 'price', label: t('estimate.unitPrice'), children: <span data-testid="estimate-unit-price">{`${formatYuan(e.unitPrice)} ${t('estimate.yuanPerPart')}`}</span> },
          {
            key: 'cost',
            label: t('estimate.cost'),
            children: (
              <Typography.Text strong data-testid="estimate-cost">
                {`${formatYuan(e.cost)} ${t('estimate.yuan')}`}
              </Typography.Text>
            ),
          },
          {
            key: 'balance',
            label: t('estimate.balance'),
            children: (
              <Space data-testid="estimate-balance">
                {e.balance ? (
                  <span>{`${e.balance.unit === 'money' ? formatYuan(e.balance.amount) : e.balance.amount.toLocaleString()} ${unit(e.balance.unit)}`}</span>
                ) : (
                  <Typography.Text type="secondary">{t('estimate.balanceUnknown')}</Typography.Text>
                )}
                {e.fits === true && (
                  <Tag color="green" data-testid="estimate-fits">
                    {t('estimate.fits')}
                  </Tag>
                )}
                {e.fits === false && (
                  <Tag color="red" data-testid="estimate-fits">
                    {t('estimate.notFits')}
                  </Tag>
                )}
              </Space>
            ),
          },
        ]}
      />
      {e.balanceError && <Alert type="info" showIcon title={`${t('estimate.balanceUnknown')}${t('p.colon')}${pick(e.balanceError)}`} />}

      <div style={{ display: 'flex', gap: 24, flexWrap: 'wrap' }}>
        <div style={{ flex: '0 0 300px' }}>
          <Typography.Text strong>{t('estimate.distribution')}</Typography.Text>
          <Table
            data-testid="estimate-distribution"
            size="small"
            pagination={false}
            rowKey="parts"
            dataSource={e.distribution}
            columns={[
              { title: t('estimate.partsPerMessage'), dataIndex: 'parts', width: 90, render: (p: number) => `${p} ${t('estimate.partUnit')}` },
              {
                title: t('estimate.recipients'),
                dataIndex: 'count',
                render: (c: number) => (
                  <Space>
                    <div style={{ width: Math.max(2, (c / maxCount) * 100), height: 10, background: token.colorPrimary, borderRadius: 2 }} />
                    <span>{c.toLocaleString()}</span>
                  </Space>
                ),
              },
            ]}
          />
        </div>
        {e.longest && (
          <div style={{ flex: '1 1 300px', minWidth: 0 }} data-testid="estimate-longest">
            <Typography.Text strong>{t('estimate.longest')}</Typography.Text>
            <div style={{ marginTop: 8 }}>
              <Typography.Text type="secondary">
                {e.longest.mobile} · {e.longest.length} {t('templates.chars')} · {e.longest.parts} {t('estimate.partUnit')}
              </Typography.Text>
              <div style={{ marginTop: 4, padding: 8, background: token.colorFillAlter, borderRadius: token.borderRadius, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{e.longest.text}</div>
            </div>
          </div>
        )}
      </div>

      {e.extraPart.count > 0 && (
        <Alert
          data-testid="estimate-extra-part"
          type="warning"
          showIcon
          title={`${e.extraPart.count.toLocaleString()} ${t('estimate.extraPart')}`}
          description={e.extraPart.examples.map((x) => `${x.mobile}${t('p.open')}${x.length} ${t('templates.chars')}${t('p.comma')}${x.parts} ${t('estimate.partUnit')}${t('p.close')}`).join(t('p.semi'))}
        />
      )}

      <div data-testid="estimate-findings">
        <Typography.Text strong>{t('estimate.findings')}</Typography.Text>
        {e.findings.length === 0 ? (
          <Alert style={{ marginTop: 8 }} type="success" showIcon title={t('estimate.noFindings')} />
        ) : (
          <>
            <FindingGroup title={`${t('estimate.errors')} (${errors.length})`} findings={errors} />
            <FindingGroup title={`${t('estimate.warnings')} (${warnings.length})`} findings={warnings} />
          </>
        )}
      </div>
    </Space>
  );
}

function FindingGroup({ title, findings }: { title: string; findings: Finding[] }): ReactNode {
  const { t, pick } = useI18n();
  if (findings.length === 0) return null;
  return (
    <div style={{ marginTop: 8 }}>
      <Typography.Text type="secondary">{title}</Typography.Text>
      <Space orientation="vertical" style={{ width: '100%', marginTop: 4 }}>
        {findings.map((f, i) => (
          <Alert
            key={`${f.rule}-${i}`}
            data-testid="finding"
            data-rule={f.rule}
            data-severity={f.severity}
            type={f.severity === 'error' ? 'error' : 'warning'}
            showIcon
            title={pick(f.message)}
            description={
              <div>
                <div>
                  {t('estimate.action')}
                  {t('p.colon')}
                  {pick(f.action)}
                </div>
                {f.count > 0 && (
                  <div>
                    {t('estimate.concerns')} {f.count.toLocaleString()} {t('contacts.people')}
                    {f.examples.length > 0 && `${t('p.colon')}${f.examples.join(t('p.list'))}${f.count > f.examples.length ? '…' : ''}`}
                  </div>
                )}
              </div>
            }
          />
        ))}
      </Space>
    </div>
  );
}
