// Changing an account: its base URL, price, signature, pace (requests per second and in flight), the
// backup account for 'retry later' failures, a new password, and push credentials.
import { Button, Form, Input, InputNumber, Select, Space, Typography, message, type FormRule } from 'antd';
import { useState, type ReactNode } from 'react';
import { providerUrl, type AccountView } from '../../../shared/contract';
import type { Capabilities } from '../../../shared/providers';
import { call } from '../api/client';
import { SaveDialog } from '../components/SaveDialog';
import { useI18n, type I18n } from '../i18n';

interface EditValues {
  baseUrl: string;
  unitPrice: number;
  signature: string;
  ratePerSecond: number;
  concurrency: number;
  backupAccountId: number | null;
  password: string;
  pushCredentials?: Record<string, string | undefined>;
}

/**
 * A base URL as the core takes it (the contract's own schema): antd's 'url' rule is
 * stricter and refused ports of one digit, and looser, taking any scheme.
 */
export function baseUrlRule(t: I18n['t']): FormRule {
  return { validator: (_, value?: string) => (!value || providerUrl.safeParse(value).success ? Promise.resolve() : Promise.reject(new Error(t('accounts.baseUrlInvalid')))) };
}

/** The values typed in, by key; undefined when none was (the form's empty inputs dropped). */
export function typedValues(values: Record<string, string | undefined> | undefined): Record<string, string> | undefined {
  const out = Object.fromEntries(Object.entries(values ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
  return Object.keys(out).length ? out : undefined;
}

/** The provider's push credentials: an input each, written only when typed in (see Capabilities.pushCredentials). */
export function PushCredentialItems(props: { caps: Capabilities | undefined; set?: string[]; cleared?: string[]; onClear?: (key: string) => void }): ReactNode {
  const { t, pick } = useI18n();
  if (!props.caps?.pushCredentials.length) return null;
  return (
    <>
      <Typography.Paragraph type="secondary">{t('accounts.pushCredentialsExplain')}</Typography.Paragraph>
      {props.caps.pushCredentials.map((c) => {
        const isSet = props.set?.includes(c.key) ?? false;
        const cleared = props.cleared?.includes(c.key) ?? false;
        return (
          <Form.Item key={c.key} label={pick(c.label)}>
            <Space.Compact style={{ width: '100%' }}>
              <Form.Item name={['pushCredentials', c.key]} noStyle>
                <Input.Password
                  autoComplete="new-password"
                  disabled={cleared}
                  placeholder={cleared ? t('accounts.pushCredentialCleared') : isSet ? t('accounts.pushCredentialSet') : undefined}
                  data-testid={`account-push-${c.key}`}
                />
              </Form.Item>
              {isSet && props.onClear && (
                <Button disabled={cleared} onClick={() => props.onClear?.(c.key)} data-testid={`account-push-clear-${c.key}`}>
                  {t('accounts.pushCredentialClear')}
                </Button>
              )}
            </Space.Compact>
          </Form.Item>
        );
      })}
    </>
  );
}

export function EditAccount(props: { account: AccountView; accounts: AccountView[]; caps: Capabilities | undefined; onClose: () => void }): ReactNode {
  const { t } = useI18n();
  const a = props.account;
  const [form] = Form.useForm<EditValues>();
  const [cleared, setCleared] = useState<string[]>([]);
  const save = async (): Promise<void> => {
    let v: EditValues;
    try {
      v = await form.validateFields();
    } catch {
      return; // the form shows what is wrong
    }
    // Typed values set their keys, cleared keys go as empty values; a key left out keeps its value.
    const push = { ...typedValues(v.pushCredentials), ...Object.fromEntries(cleared.map((k) => [k, ''])) };
    await call('accounts.update', {
      id: a.id,
      baseUrl: v.baseUrl.trim() === a.baseUrl ? undefined : v.baseUrl,
      unitPrice: v.unitPrice,
      signature: v.signature.trim() || null,
      ratePerSecond: v.ratePerSecond,
      concurrency: v.concurrency,
      backupAccountId: v.backupAccountId ?? null,
      password: v.password || undefined,
      pushCredentials: Object.keys(push).length ? push : undefined,
    });
    void message.success(t('common.saved'));
    props.onClose();
  };
  return (
    <SaveDialog title={`${t('accounts.edit')}${t('p.colon')}${a.name}`} onClose={props.onClose} onSave={save} saveTestId="account-edit-save" testId="account-edit" width={560}>
      <Form<EditValues>
        form={form}
        layout="vertical"
        initialValues={{ baseUrl: a.baseUrl, unitPrice: a.unitPrice, signature: a.signature ?? '', ratePerSecond: a.ratePerSecond, concurrency: a.concurrency, backupAccountId: a.backupAccountId, password: '' }}
      >
        <Form.Item name="baseUrl" label={t('accounts.baseUrl')} rules={[{ required: true }, baseUrlRule(t)]}>
          <Input data-testid="account-base-url" />
        </Form.Item>
        <Form.Item name="unitPrice" label={t('accounts.price')} rules={[{ required: true }]}>
          <InputNumber min={0} max={10} step={0.001} style={{ width: 160 }} data-testid="account-price" />
        </Form.Item>
        <Form.Item name="signature" label={t('accounts.signature')} extra={t('accounts.signatureHint')}>
          <Input prefix="【" suffix="】" maxLength={20} style={{ width: 240 }} data-testid="account-signature" />
        </Form.Item>
        <Typography.Paragraph type="secondary">{t('accounts.paceExplain')}</Typography.Paragraph>
        <div style={{ display: 'flex', gap: 24 }}>
          <Form.Item name="ratePerSecond" label={t('accounts.rate')} rules={[{ required: true }]}>
            <InputNumber min={0.1} max={1000} step={1} style={{ width: 160 }} data-testid="account-rate" />
          </Form.Item>
          <Form.Item name="concurrency" label={t('accounts.concurrency')} rules={[{ required: true }]}>
            <InputNumber min={1} max={16} step={1} precision={0} style={{ width: 160 }} data-testid="account-concurrency" />
          </Form.Item>
        </div>
        <Form.Item name="backupAccountId" label={t('accounts.backup')} extra={t('accounts.backupExplain')}>
          <Select
            allowClear
            placeholder={t('accounts.noBackup')}
            data-testid="account-backup"
            options={props.accounts.filter((x) => x.id !== a.id).map((x) => ({ value: x.id, label: x.name }))}
          />
        </Form.Item>
        <Form.Item name="password" label={t('accounts.newPassword')} extra={t('accounts.newPasswordHint')}>
          <Input.Password autoComplete="new-password" data-testid="account-password" />
        </Form.Item>
        <PushCredentialItems
          caps={props.caps}
          set={a.pushCredentials}
          cleared={cleared}
          onClear={(key) => {
            form.setFieldValue(['pushCredentials', key], undefined);
            setCleared((c) => [...c, key]);
          }}
        />
      </Form>
    </SaveDialog>
  );
}
