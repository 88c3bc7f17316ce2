// 新建群发: a list, an account, the text (a saved template or written here), the kind,
// the empty-value policy, the provider's template id where it sends only approved
// templates, every recipient's real text, and when (now, or at a Beijing time, by us or
// by the provider). The estimate shows what it would cost and what the preflight found;
// creating waits for an estimate of exactly these inputs with nothing that must be fixed,
// and shows how far the planning is (a million contacts take seconds).
import { Alert, Button, Card, Checkbox, DatePicker, Drawer, Form, Input, Progress, Radio, Select, Space, Typography, message } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import type { CampaignCreated, CampaignPlanning, Estimate } from '../../../shared/contract';
import { KINDS, type Kind } from '../../../shared/providers';
import { bridge } from '../api/bridge';
import { call, useCall } from '../api/client';
import { EstimatePanel } from '../components/EstimatePanel';
import { useI18n } from '../i18n';
import { capsOf } from '../lib/caps';
import { accountOptions, listOptions } from '../lib/options';
import { parseBeijing } from '../lib/format';
import { useAction } from '../lib/useAction';
import { PreviewTable } from '../templates/PreviewTable';
import { BodyEditor, bodyChecks, EmptyPolicyPicker, usePolicy } from '../templates/TemplateEditor';
import { policyOf } from '../templates/TemplateList';

export function ComposeDrawer(props: { open: boolean; onClose: () => void; onCreated: (created: CampaignCreated) => void }): ReactNode {
  const { t } = useI18n();
  return (
    <Drawer open={props.open} onClose={props.onClose} title={t('campaigns.new')} size={960} destroyOnHidden>
      {props.open && <Compose onCreated={props.onCreated} />}
    </Drawer>
  );
}

function Compose(props: { onCreated: (created: CampaignCreated) => void }): ReactNode {
  const { t, pick } = useI18n();
  const lists = useCall('lists.list', {});
  const accounts = useCall('accounts.list', {});
  const providers = useCall('providers.list', {});
  const templates = useCall('templates.list', {});

  const [name, setName] = useState('');
  const [listId, setListId] = useState<number | undefined>(undefined);
  const [accountId, setAccountId] = useState<number | undefined>(undefined);
  const [templateId, setTemplateId] = useState<number | undefined>(undefined);
  const [body, setBody] = useState('');
  const policy = usePolicy();
  const [kind, setKind] = useState<Kind>('marketing');
  const [providerTemplateId, setProviderTemplateId] = useState('');
  const [when, setWhen] = useState<'now' | 'at'>('now');
  const [at, setAt] = useState<string | null>(null);
  const [providerSchedule, setProviderSchedule] = useState(false);
  const [estimate, setEstimate] = useState<Estimate | null>(null);
  const { run, busy } = useAction();
  const [planning, setPlanning] = useState<CampaignPlanning | null>(null);

  // The planner's progress for this list and account (one create at a time here).
  useEffect(
    () =>
      bridge.on('campaign.planning', (p) => {
        if (p.listId === listId && p.accountId === accountId) setPlanning(p);
      }),
    [listId, accountId],
  );

  // The first list and account until the user picks.
  useEffect(() => {
    if (lists.data && listId === undefined) setListId(lists.data[0]?.id);
  }, [lists.data, listId]);
  useEffect(() => {
    if (accounts.data && accountId === undefined) setAccountId(accounts.data[0]?.id);
  }, [accounts.data, accountId]);

  const list = lists.data?.find((l) => l.id === listId);
  const account = accounts.data?.find((a) => a.id === accountId);
  const caps = capsOf(account, providers.data);
  const checks = bodyChecks(body, list, account, caps);
  const template = templates.data?.find((x) => x.id === templateId);
  const needsTemplateId = caps?.send.contentMode === 'provider-template';
  const canProviderSchedule = caps?.send.scheduled === true;
  const sendAt = when === 'at' ? at : null;
  const byProvider = when === 'at' && canProviderSchedule && providerSchedule;

  const chooseTemplate = (id: number | undefined): void => {
    setTemplateId(id);
    const tpl = templates.data?.find((x) => x.id === id);
    if (!tpl) return;
    setBody(tpl.body);
    policy.set(policyOf(tpl));
  };

  const errors = estimate?.findings.filter((f) => f.severity === 'error').length ?? 0;
  const blocked: string | null = !list || !account || !body.trim()
    ? t('compose.needInputs')
    : checks.unknown.length > 0
      ? t('compose.fixPlaceholders')
      : needsTemplateId && !providerTemplateId.trim()
        ? t('compose.needProviderTemplate')
        : when === 'at' && !at
          ? t('compose.needTime')
          : when === 'at' && at && !(parseBeijing(at) > Date.now() + 60_000)
            ? t('compose.timePassed')
            : !estimate
            ? t('compose.needEstimate')
            : errors > 0
              ? `${t('compose.hasErrors')} ${errors} ${t('compose.hasErrorsTail')}`
              : estimate.recipients === 0
                ? t('compose.noRecipients')
                : null;

  const create = (): Promise<void> => {
    setPlanning(null);
    return run(
      () =>
        call('campaigns.create', {
          name: name.trim() || undefined,
          listId: listId!,
          accountId: accountId!,
          body,
          emptyPolicy: policy.policy,
          kind,
          at: sendAt ?? undefined,
          providerSchedule: byProvider,
          providerTemplateId: needsTemplateId ? providerTemplateId.trim() : undefined,
          templateId: template && template.body === body ? template.id : undefined,
        }),
      {
        key: 'create',
        then: (created) => {
          void message.success(t('compose.created'));
          props.onCreated(created);
        },
      },
    );
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="compose">
      <Card size="small" title={t('compose.what')}>
        <Form layout="vertical">
          <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap' }}>
            <Form.Item label={t('templates.list')} style={{ flex: '1 1 220px' }}>
              <Select
                data-testid="compose-list"
                value={listId}
                placeholder={t('import.chooseList')}
                onChange={setListId}
                options={listOptions(lists.data, t)}
              />
            </Form.Item>
            <Form.Item label={t('templates.account')} style={{ flex: '1 1 220px' }}>
              <Select
                data-testid="compose-account"
                value={accountId}
                placeholder={t('compose.chooseAccount')}
                onChange={setAccountId}
                options={accountOptions(accounts.data)}
              />
            </Form.Item>
            <Form.Item label={t('compose.name')} style={{ flex: '1 1 220px' }}>
              <Input value={name} maxLength={100} placeholder={t('compose.namePlaceholder')} onChange={(e) => setName(e.target.value)} data-testid="compose-name" />
            </Form.Item>
          </div>
          <Form.Item label={t('campaigns.kind')}>
            <Radio.Group data-testid="compose-kind" value={kind} optionType="button" onChange={(e) => setKind(e.target.value as Kind)} options={KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
          </Form.Item>
        </Form>
        {accounts.data?.length === 0 && <Alert type="warning" showIcon title={t('compose.noAccounts')} />}
        {lists.data?.length === 0 && <Alert type="warning" showIcon title={t('compose.noLists')} />}
      </Card>

      <Card
        size="small"
        title={t('templates.body')}
        extra={
          <Select
            data-testid="compose-template"
            style={{ width: 240 }}
            allowClear
            value={templateId}
            placeholder={t('compose.useTemplate')}
            onChange={(v: number | undefined) => chooseTemplate(v)}
            options={(templates.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
          />
        }
      >
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          {template && template.body !== body && <Typography.Text type="secondary">{t('compose.editedTemplate')}</Typography.Text>}
          <BodyEditor body={body} onChange={setBody} list={list} signature={account?.signature ?? null} checks={checks} />
          <EmptyPolicyPicker policy={policy} />
          {needsTemplateId && (
            <Space wrap>
              <span>{t('compose.providerTemplateId')}</span>
              <Input style={{ width: 220 }} maxLength={100} value={providerTemplateId} onChange={(e) => setProviderTemplateId(e.target.value)} data-testid="compose-provider-template" />
              <Typography.Text type="secondary">{caps ? `${pick(caps.label)}${t('compose.providerTemplateHint')}` : ''}</Typography.Text>
            </Space>
          )}
        </Space>
      </Card>

      {list && body.trim() !== '' && checks.unknown.length === 0 && (
        <Card size="small" title={t('templates.preview')}>
          <PreviewTable listId={list.id} body={body} emptyPolicy={policy.policy} accountId={accountId} fixedParts={checks.count.parts} />
        </Card>
      )}

      <Card size="small" title={t('compose.when')}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <Radio.Group
              data-testid="compose-when"
              value={when}
              onChange={(e) => setWhen(e.target.value as 'now' | 'at')}
              options={[
                { value: 'now', label: t('compose.whenNow') },
                { value: 'at', label: t('compose.whenAt') },
              ]}
            />
            {when === 'at' && (
              <>
                <DatePicker
                  data-testid="compose-at"
                  showTime={{ format: 'HH:mm' }}
                  format="YYYY-MM-DD HH:mm"
                  placeholder="YYYY-MM-DD HH:mm"
                  disabledDate={(d) => d.endOf('day').valueOf() < Date.now()}
                  onChange={(_, text) => setAt(typeof text === 'string' && text ? text : null)}
                />
                <Typography.Text strong>{t('estimate.beijing')}</Typography.Text>
              </>
            )}
          </Space>
          {when === 'now' && <Typography.Text type="secondary">{t('compose.nowHint')}</Typography.Text>}
          {when === 'at' && canProviderSchedule && (
            <Checkbox checked={providerSchedule} onChange={(e) => setProviderSchedule(e.target.checked)} data-testid="compose-provider-schedule">
              {t('compose.providerSchedule')}
            </Checkbox>
          )}
          {when === 'at' && <Typography.Text type="secondary">{byProvider ? t('compose.providerScheduleHint') : t('compose.ourScheduleHint')}</Typography.Text>}
        </Space>
      </Card>

      <Card size="small" title={t('estimate.title')}>
        <EstimatePanel
          listId={listId}
          accountId={accountId}
          body={body}
          emptyPolicy={policy.policy}
          providerTemplateId={needsTemplateId ? providerTemplateId.trim() : undefined}
          kind={kind}
          sendAt={sendAt}
          onEstimate={setEstimate}
        />
      </Card>

      <Space wrap>
        <Button type="primary" size="large" disabled={blocked !== null} loading={busy('create')} onClick={() => void create()} data-testid="compose-create">
          {t('compose.create')}
        </Button>
        {busy('create') && planning ? (
          <div data-testid="compose-planning" style={{ width: 360 }}>
            <Progress percent={planning.of ? Math.floor((planning.done / planning.of) * 100) : 100} status="active" />
            <Typography.Text type="secondary">
              {t('compose.planning')} {planning.done.toLocaleString()} / {planning.of.toLocaleString()}
            </Typography.Text>
          </div>
        ) : blocked !== null ? (
          <Typography.Text type={errors > 0 ? 'danger' : 'secondary'} data-testid="compose-blocked">
            {blocked}
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary">{t('compose.createHint')}</Typography.Text>
        )}
      </Space>

    </Space>
  );
}
