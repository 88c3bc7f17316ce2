// 模板: saved templates on the left; the editor with placeholder chips from the chosen
// list's fields, the empty-value policy and a live count; the real recipients' texts;
// and the estimate with the preflight's findings.
import { Alert, Button, Card, Input, Radio, Select, Space, Tooltip, Typography, message, type GetRef } from 'antd';
import { useEffect, useMemo, useRef, useState, type MouseEvent, type ReactNode } from 'react';
import type { EmptyPolicyView, TemplateView } from '../../../shared/contract';
import { placeholderTypos } from '../../../shared/template-syntax';
import { call, useCall } from '../api/client';
import { EstimatePanel } from '../components/EstimatePanel';
import { useI18n } from '../i18n';
import { errorText } from '../lib/errors';
import { liveCount, unknownPlaceholders } from '../templates/count';
import { PreviewTable } from '../templates/PreviewTable';
import { SensitiveWordsButton } from '../templates/SensitiveWords';
import { policyOf, TemplateList } from '../templates/TemplateList';

export function TemplatesPage(): ReactNode {
  const { t, pick } = useI18n();
  const templates = useCall('templates.list', {});
  const lists = useCall('lists.list', {});
  const accounts = useCall('accounts.list', {});
  const providers = useCall('providers.list', {});

  const [openId, setOpenId] = useState<number | undefined>(undefined);
  const [name, setName] = useState('');
  const [body, setBody] = useState('');
  const [policyKind, setPolicyKind] = useState<EmptyPolicyView['kind']>('refuse');
  const [defaultText, setDefaultText] = useState('');
  const [listId, setListId] = useState<number | undefined>(undefined);
  const [accountId, setAccountId] = useState<number | undefined>(undefined);
  const [saving, setSaving] = useState(false);
  const editor = useRef<GetRef<typeof Input.TextArea>>(null);

  // Choose the first list and account once they are known; forget ones that are gone.
  useEffect(() => {
    if (lists.data && (listId === undefined || !lists.data.some((l) => l.id === listId))) setListId(lists.data[0]?.id);
  }, [lists.data, listId]);
  useEffect(() => {
    if (accounts.data && accountId !== undefined && !accounts.data.some((a) => a.id === accountId)) setAccountId(undefined);
    if (accounts.data && accountId === undefined && accounts.data.length > 0) setAccountId(accounts.data[0].id);
    // Only when the accounts change: an account cleared by hand stays cleared.
  }, [accounts.data]); // accountId left out on purpose

  const list = lists.data?.find((l) => l.id === listId);
  const account = accounts.data?.find((a) => a.id === accountId);
  const caps = account ? providers.data?.find((p) => p.provider === account.provider) : undefined;
  const emptyPolicy: EmptyPolicyView = useMemo(() => (policyKind === 'default' ? { kind: 'default', text: defaultText } : { kind: policyKind }), [policyKind, defaultText]);
  const count = liveCount(body, account && caps ? { caps, signature: account.signature } : null);
  const unknown = unknownPlaceholders(body, list?.fields ?? null);
  const typos = placeholderTypos(body);
  const saved = templates.data?.find((x) => x.id === openId);
  const dirty = !saved || saved.name !== name || saved.body !== body || JSON.stringify(policyOf(saved)) !== JSON.stringify(emptyPolicy);

  const open = (tpl: TemplateView): void => {
    setOpenId(tpl.id);
    setName(tpl.name);
    setBody(tpl.body);
    const p = policyOf(tpl);
    setPolicyKind(p.kind);
    setDefaultText(p.kind === 'default' ? p.text : '');
  };
  const startNew = (): void => {
    setOpenId(undefined);
    setName('');
    setBody('');
    setPolicyKind('refuse');
    setDefaultText('');
  };

  const save = async (asNew: boolean): Promise<void> => {
    setSaving(true);
    try {
      const tpl = await call('templates.save', { id: asNew ? undefined : openId, name: name.trim(), body, emptyPolicy });
      void message.success(t('templates.savedOk'));
      setOpenId(tpl.id);
      setName(tpl.name);
      templates.reload();
    } catch (err) {
      void message.error(errorText(err, pick));
    } finally {
      setSaving(false);
    }
  };

  const insert = (token: string): void => {
    const el = editor.current?.resizableTextArea?.textArea;
    const start = el?.selectionStart ?? body.length;
    const end = el?.selectionEnd ?? body.length;
    const next = body.slice(0, start) + token + body.slice(end);
    if (next.length > 1000) return;
    setBody(next);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  return (
    <>
      <Typography.Title level={3}>{t('templates.title')}</Typography.Title>
      <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start' }}>
        <div style={{ flex: '0 0 260px' }}>
          <TemplateList
            templates={templates}
            selectedId={openId}
            onOpen={open}
            onNew={startNew}
            onDeleted={(id) => id === openId && startNew()}
            onRenamed={(tpl) => tpl.id === openId && setName(tpl.name)}
          />
        </div>
        <Space orientation="vertical" size="middle" style={{ flex: 1, minWidth: 0 }}>
          <Card size="small" title={openId ? `${t('templates.editing')}${t('p.colon')}${saved?.name ?? ''}` : t('templates.new')} data-testid="template-editor">
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              <Space wrap>
                <Input style={{ width: 240 }} placeholder={t('templates.namePlaceholder')} value={name} maxLength={60} onChange={(e) => setName(e.target.value)} data-testid="template-name" />
                <Button type="primary" disabled={!name.trim() || !body.trim() || !dirty} loading={saving} onClick={() => void save(false)} data-testid="template-save">
                  {t('common.save')}
                </Button>
                {openId !== undefined && (
                  <Button disabled={!name.trim() || !body.trim()} onClick={() => void save(true)} data-testid="template-save-as">
                    {t('templates.saveAs')}
                  </Button>
                )}
                {openId !== undefined && dirty && <Typography.Text type="warning">{t('templates.unsaved')}</Typography.Text>}
              </Space>
              <Space wrap>
                <span>{t('templates.list')}</span>
                <Select
                  data-testid="template-list"
                  style={{ width: 220 }}
                  value={listId}
                  placeholder={t('import.chooseList')}
                  onChange={setListId}
                  options={(lists.data ?? []).map((l) => ({ value: l.id, label: `${l.name}${t('p.open')}${l.contacts.toLocaleString()}${t('p.close')}` }))}
                />
                <span>{t('templates.account')}</span>
                <Select
                  data-testid="template-account"
                  style={{ width: 220 }}
                  value={accountId}
                  allowClear
                  placeholder={t('templates.noAccount')}
                  onChange={(v: number | undefined) => setAccountId(v)}
                  options={(accounts.data ?? []).map((a) => ({ value: a.id, label: a.signature ? `${a.name}【${a.signature}】` : a.name }))}
                />
              </Space>
              <Chips fields={list?.fields ?? []} onInsert={insert} />
              <Input.TextArea
                ref={editor}
                data-testid="template-body"
                value={body}
                maxLength={1000}
                autoSize={{ minRows: 4, maxRows: 12 }}
                placeholder={t('templates.bodyPlaceholder')}
                onChange={(e) => setBody(e.target.value)}
              />
              <LiveCountLine count={count} signature={account?.signature ?? null} />
              {typos.length > 0 && (
                <Alert
                  type="warning"
                  showIcon
                  data-testid="template-typos"
                  title={`${t('templates.typos')}${t('p.colon')}${typos.map((x) => x.fragment).join(t('p.list'))}`}
                  description={t('templates.typosHint')}
                />
              )}
              {unknown.length > 0 && (
                <Alert
                  type="error"
                  showIcon
                  data-testid="template-unknown"
                  title={`${t('templates.unknown')}${t('p.colon')}${unknown.map((u) => `<${u}>`).join(t('p.list'))}`}
                  description={list ? `${t('templates.unknownHint')}${list.fields.length ? list.fields.map((f) => `<${f}>`).join(t('p.list')) : t('lists.noFields')}` : undefined}
                />
              )}
              <Space wrap>
                <span>{t('templates.emptyPolicy')}</span>
                <Radio.Group
                  data-testid="template-empty-policy"
                  value={policyKind}
                  onChange={(e) => setPolicyKind(e.target.value as EmptyPolicyView['kind'])}
                  options={[
                    { value: 'refuse', label: t('templates.policy.refuse') },
                    { value: 'allow', label: t('templates.policy.allow') },
                    { value: 'default', label: t('templates.policy.default') },
                  ]}
                />
                {policyKind === 'default' && (
                  <Input style={{ width: 180 }} maxLength={100} value={defaultText} placeholder={t('templates.defaultPlaceholder')} onChange={(e) => setDefaultText(e.target.value)} data-testid="template-default-text" />
                )}
              </Space>
            </Space>
          </Card>
          <Card size="small" title={t('templates.preview')}>
            {!list ? (
              <Typography.Text type="secondary">{t('templates.previewNeedList')}</Typography.Text>
            ) : unknown.length > 0 ? (
              <Typography.Text type="secondary">{t('templates.previewBlocked')}</Typography.Text>
            ) : (
              <PreviewTable listId={list.id} body={body} emptyPolicy={emptyPolicy} accountId={accountId} fixedParts={count.parts} />
            )}
          </Card>
          <Card size="small" title={t('estimate.title')} extra={<SensitiveWordsButton />}>
            <EstimatePanel listId={listId} accountId={accountId} body={body} emptyPolicy={emptyPolicy} />
          </Card>
        </Space>
      </div>
    </>
  );
}

function Chips(props: { fields: string[]; onInsert: (token: string) => void }): ReactNode {
  const { t } = useI18n();
  if (props.fields.length === 0) return <Typography.Text type="secondary">{t('templates.noChips')}</Typography.Text>;
  // Keep the editor's cursor where it was: the button must not take the focus.
  const keepFocus = (e: MouseEvent): void => e.preventDefault();
  return (
    <div data-testid="template-chips">
      <Space wrap size={[6, 6]}>
        <span>{t('templates.insert')}</span>
        {props.fields.map((f) => (
          <Button key={f} size="small" onMouseDown={keepFocus} onClick={() => props.onInsert(`<${f}>`)} data-testid="chip">
            {`<${f}>`}
          </Button>
        ))}
      </Space>
      <div style={{ marginTop: 6 }}>
        <Space wrap size={[6, 6]}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('templates.positional')}
          </Typography.Text>
          {props.fields.map((f, i) => (
            <Tooltip key={f} title={`= <${f}>`}>
              <Button size="small" type="dashed" onMouseDown={keepFocus} onClick={() => props.onInsert(`<value${i}>`)} data-testid="chip-positional">
                {`<value${i}>`}
              </Button>
            </Tooltip>
          ))}
        </Space>
      </div>
    </div>
  );
}

function LiveCountLine(props: { count: ReturnType<typeof liveCount>; signature: string | null }): ReactNode {
  const { t } = useI18n();
  const c = props.count;
  return (
    <div data-testid="live-count">
      <Space wrap>
        <Typography.Text strong>
          <span data-testid="live-count-length">{c.length}</span> {t('templates.chars')} · <span data-testid="live-count-parts">{c.parts}</span> {t('estimate.partUnit')}
        </Typography.Text>
        <Typography.Text type="secondary">
          {c.signature > 0 && `${t('templates.withSignature')}【${props.signature}】${c.signature} ${t('templates.chars')}${t('p.semi')}`}
          {c.placeholders > 0 ? `${c.placeholders} ${t('templates.placeholdersNotCounted')}` : ''}
          {`${t('templates.leftInPart')} ${c.leftInPart} ${t('templates.chars')}`}
        </Typography.Text>
      </Space>
    </div>
  );
}
