// Changing an account: price, signature, pace (requests per second and in flight), the
// backup account for 'retry later' failures, and a new password.
import { Form, Input, InputNumber, Select, Typography, message } from 'antd';
import type { ReactNode } from 'react';
import type { AccountView } from '../../../shared/contract';
import { call } from '../api/client';
import { SaveDialog } from '../components/SaveDialog';
import { useI18n } from '../i18n';

interface EditValues {
  unitPrice: number;
  signature: string;
  ratePerSecond: number;
  concurrency: number;
  backupAccountId: number | null;
  password: string;
}

export function EditAccount(props: { account: AccountView; accounts: AccountView[]; onClose: () => void }): ReactNode {
  const { t } = useI18n();
  const a = props.account;
  const [form] = Form.useForm<EditValues>();
  const save = async (): Promise<void> => {
    let v: EditValues;
    try {
      v = await form.validateFields();
    } catch {
      return; // the form shows what is wrong
    }
    await call('accounts.update', {
      id: a.id,
      unitPrice: v.unitPrice,
      signature: v.signature.trim() || null,
      ratePerSecond: v.ratePerSecond,
      concurrency: v.concurrency,
      backupAccountId: v.backupAccountId ?? null,
      password: v.password || undefined,
    });
    void message.success(t('common.saved'));
    props.onClose();
  };
  return (
    <SaveDialog title={`${t('accounts.edit')}${t('p.colon')}${a.name}`} onClose={props.onClose} onSave={save} saveTestId="account-edit-save" testId="account-edit" width={560}>
      <Form<EditValues>
        form={form}
        layout="vertical"
        initialValues={{ unitPrice: a.unitPrice, signature: a.signature ?? '', ratePerSecond: a.ratePerSecond, concurrency: a.concurrency, backupAccountId: a.backupAccountId, password: '' }}
      >
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
      </Form>
    </SaveDialog>
  );
}
