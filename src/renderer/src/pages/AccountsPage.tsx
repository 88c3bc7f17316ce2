// 账户: the user's provider accounts, adding one (fields from the provider's
// capabilities), changing one (price, signature, pace, backup, password, push
// credentials), asking a balance, removing one.
import { Button, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Typography, message } from 'antd';
import { useState, type ReactNode } from 'react';
import type { AccountView } from '../../../shared/contract';
import type { Capabilities, ProviderName } from '../../../shared/providers';
import { call, useCall } from '../api/client';
import { baseUrlRule, EditAccount, PushCredentialItems, typedValues } from '../accounts/EditAccount';
import { DataTable } from '../components/DataTable';
import { useI18n } from '../i18n';
import { useAction } from '../lib/useAction';

interface FormValues {
  name: string;
  provider: ProviderName;
  baseUrl?: string;
  username: string;
  password: string;
  secret?: string;
  userid?: string;
  signature?: string;
  unitPrice?: number;
  options?: Record<string, string>;
  pushCredentials?: Record<string, string | undefined>;
}

function AddAccount({ providers, onDone }: { providers: Capabilities[]; onDone: () => void }): ReactNode {
  const { t, pick } = useI18n();
  const [form] = Form.useForm<FormValues>();
  const { run, busy } = useAction();
  const provider = Form.useWatch('provider', form);
  const caps = providers.find((p) => p.provider === provider);
  const field = (key: 'secret' | 'userid') => caps?.fields.find((f) => f.key === key);

  const submit = (values: FormValues): Promise<void> =>
    run(() => call('accounts.add', {
          ...values,
          baseUrl: values.baseUrl || undefined,
          unitPrice: values.unitPrice ?? 0,
          options: values.options ?? {},
          pushCredentials: typedValues(values.pushCredentials),
        }), {
      key: 'add',
      success: t('accounts.added'),
      then: onDone,
    });

  return (
    <Form form={form} layout="vertical" onFinish={submit} data-testid="account-form">
      <Form.Item name="provider" label={t('accounts.provider')} rules={[{ required: true }]}>
        <Select options={providers.map((p) => ({ value: p.provider, label: pick(p.label) }))} />
      </Form.Item>
      <Form.Item name="name" label={t('common.name')} rules={[{ required: true }]}>
        <Input />
      </Form.Item>
      <Form.Item name="baseUrl" label={t('accounts.baseUrl')} extra={caps?.defaultBaseUrl ? `${t('accounts.baseUrlHint')}: ${caps.defaultBaseUrl}` : undefined} rules={[{ required: caps?.defaultBaseUrl === null }, baseUrlRule(t)]}>
        <Input />
      </Form.Item>
      <Form.Item name="username" label={t('accounts.username')} rules={[{ required: true }]}>
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item name="password" label={t('accounts.password')} extra={t('accounts.secretNote')} rules={[{ required: true }]}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      {field('secret') && (
        <Form.Item name="secret" label={pick(field('secret')!.label)} rules={[{ required: field('secret')!.required }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      )}
      {field('userid') && (
        <Form.Item name="userid" label={pick(field('userid')!.label)} rules={[{ required: field('userid')!.required }]}>
          <Input />
        </Form.Item>
      )}
      <Form.Item name="signature" label={t('accounts.signature')}>
        <Input addonBefore="【" addonAfter="】" maxLength={20} />
      </Form.Item>
      <Form.Item name="unitPrice" label={t('accounts.price')}>
        <InputNumber min={0} max={10} step={0.001} />
      </Form.Item>
      {caps?.options.map((opt) => (
        <Form.Item key={opt.key} name={['options', opt.key]} label={pick(opt.label)} initialValue={opt.default}>
          <Select options={opt.choices.map((c) => ({ value: c.value, label: pick(c.label) }))} />
        </Form.Item>
      ))}
      <PushCredentialItems caps={caps} />
      <Button type="primary" htmlType="submit" loading={busy('add')}>
        {t('common.save')}
      </Button>
    </Form>
  );
}

export function AccountsPage(): ReactNode {
  const { t, pick } = useI18n();
  const accounts = useCall('accounts.list', {});
  const providers = useCall('providers.list', {});
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<AccountView | null>(null);
  const { run } = useAction();
  const label = (p: ProviderName): string => {
    const caps = providers.data?.find((c) => c.provider === p);
    return caps ? pick(caps.label) : p;
  };
  const nameOf = (id: number | null): string => accounts.data?.find((a) => a.id === id)?.name ?? '';
  const balance = (a: AccountView): Promise<void> =>
    run(() => call('accounts.balance', { id: a.id }), { then: (b) => void message.info(`${a.name} ${t('accounts.balanceIs')}${t('p.colon')}${b.amount} (${b.raw})`) });
  const remove = (a: AccountView): Promise<void> => run(() => call('accounts.remove', { id: a.id }), { success: t('accounts.removed') });
  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3}>{t('accounts.title')}</Typography.Title>
        <Button type="primary" onClick={() => setAdding(true)} disabled={!providers.data}>
          {t('common.add')}
        </Button>
      </Space>
      <DataTable<AccountView>
        testId="accounts-table"
        loaded={accounts}
        empty={t('accounts.empty')}
        columns={[
          { title: t('common.name'), dataIndex: 'name' },
          { title: t('accounts.provider'), dataIndex: 'provider', render: label },
          { title: t('accounts.username'), dataIndex: 'username' },
          { title: t('accounts.signature'), dataIndex: 'signature', render: (s: string | null) => (s ? `【${s}】` : '') },
          { title: t('accounts.price'), dataIndex: 'unitPrice' },
          { title: t('accounts.pace'), key: 'pace', render: (_: unknown, a) => `${a.ratePerSecond} ${t('accounts.perSecond')} · ${a.concurrency} ${t('accounts.inFlight')}` },
          { title: t('accounts.backup'), dataIndex: 'backupAccountId', render: nameOf },
          {
            title: '',
            key: 'actions',
            render: (_: unknown, a) => (
              <Space>
                <Button size="small" onClick={() => setEditing(a)} data-testid="account-edit-open">
                  {t('accounts.edit')}
                </Button>
                <Button size="small" onClick={() => void balance(a)}>
                  {t('accounts.balance')}
                </Button>
                <Popconfirm title={t('common.remove') + '?'} onConfirm={() => void remove(a)}>
                  <Button size="small" danger>
                    {t('common.remove')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal open={adding} title={t('common.add')} footer={null} onCancel={() => setAdding(false)} destroyOnHidden>
        {providers.data && (
          <AddAccount
            providers={providers.data}
            onDone={() => {
              setAdding(false);
            }}
          />
        )}
      </Modal>
      {editing && <EditAccount account={editing} accounts={accounts.data ?? []} caps={providers.data?.find((c) => c.provider === editing.provider)} onClose={() => setEditing(null)} />}
    </>
  );
}
