// 模板: saved templates on the left; the editor with placeholder chips from the chosen
// list's fields, the empty-value policy and a live count; the real recipients' texts;
// and the estimate with the preflight's findings.
import { Button, Card, Input, Select, Space, Typography } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import type { TemplateView } from '../../../shared/contract';
import { call, useCall } from '../api/client';
import { EstimatePanel } from '../components/EstimatePanel';
import { useI18n } from '../i18n';
import { capsOf } from '../lib/caps';
import { accountOptions, listOptions } from '../lib/options';
import { useAction } from '../lib/useAction';
import { PreviewTable } from '../templates/PreviewTable';
import { SensitiveWordsButton } from '../templates/SensitiveWords';
import { BodyEditor, bodyChecks, EmptyPolicyPicker, usePolicy } from '../templates/TemplateEditor';
import { policyOf, TemplateList } from '../templates/TemplateList';

export function TemplatesPage(): ReactNode {
  const { t } = useI18n();
  const templates = useCall('templates.list', {});
  const lists = useCall('lists.list', {});
  const accounts = useCall('accounts.list', {});
  const providers = useCall('providers.list', {});

  const [openId, setOpenId] = useState<number | undefined>(undefined);
  const [name, setName] = useState('');
  const [body, setBody] = useState('');
  const policy = usePolicy();
  const emptyPolicy = policy.policy;
  const [listId, setListId] = useState<number | undefined>(undefined);
  const [accountId, setAccountId] = useState<number | undefined>(undefined);
  const { run, busy } = useAction();

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
  const caps = capsOf(account, providers.data);
  const checks = bodyChecks(body, list, account, caps);
  const saved = templates.data?.find((x) => x.id === openId);
  const dirty = !saved || saved.name !== name || saved.body !== body || JSON.stringify(policyOf(saved)) !== JSON.stringify(emptyPolicy);

  const open = (tpl: TemplateView): void => {
    setOpenId(tpl.id);
    setName(tpl.name);
    setBody(tpl.body);
    policy.set(policyOf(tpl));
  };
  const startNew = (): void => {
    setOpenId(undefined);
    setName('');
    setBody('');
    policy.set({ kind: 'refuse' });
  };

  const save = (asNew: boolean): Promise<void> =>
    run(() => call('templates.save', { id: asNew ? undefined : openId, name: name.trim(), body, emptyPolicy }), {
      key: 'save',
      success: t('templates.savedOk'),
      then: (tpl) => {
        setOpenId(tpl.id);
        setName(tpl.name);
        templates.reload();
      },
    });

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
                <Button type="primary" disabled={!name.trim() || !body.trim() || !dirty} loading={busy('save')} onClick={() => void save(false)} data-testid="template-save">
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
                  options={listOptions(lists.data, t)}
                />
                <span>{t('templates.account')}</span>
                <Select
                  data-testid="template-account"
                  style={{ width: 220 }}
                  value={accountId}
                  allowClear
                  placeholder={t('templates.noAccount')}
                  onChange={(v: number | undefined) => setAccountId(v)}
                  options={accountOptions(accounts.data)}
                />
              </Space>
              <BodyEditor body={body} onChange={setBody} list={list} signature={account?.signature ?? null} checks={checks} />
              <EmptyPolicyPicker policy={policy} />
            </Space>
          </Card>
          <Card size="small" title={t('templates.preview')}>
            {!list ? (
              <Typography.Text type="secondary">{t('templates.previewNeedList')}</Typography.Text>
            ) : checks.unknown.length > 0 ? (
              <Typography.Text type="secondary">{t('templates.previewBlocked')}</Typography.Text>
            ) : (
              <PreviewTable listId={list.id} body={body} emptyPolicy={emptyPolicy} accountId={accountId} fixedParts={checks.count.parts} />
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
