// The saved templates: open one, start a new one, rename or delete.
import { Alert, Button, Empty, Input, Modal, Popconfirm, Space, Spin, Typography, message, theme } from 'antd';
import { useState, type ReactNode } from 'react';
import type { TemplateView } from '../../../shared/contract';
import { call, type Loaded } from '../api/client';
import { useI18n } from '../i18n';
import { errorText } from '../lib/errors';

export function policyOf(t: TemplateView): { kind: 'refuse' } | { kind: 'allow' } | { kind: 'default'; text: string } {
  return t.emptyPolicy === 'default' ? { kind: 'default', text: t.emptyDefault ?? '' } : { kind: t.emptyPolicy };
}

export function TemplateList(props: { templates: Loaded<TemplateView[]>; selectedId: number | undefined; onOpen: (t: TemplateView) => void; onNew: () => void; onDeleted: (id: number) => void; onRenamed: (t: TemplateView) => void }): ReactNode {
  const { t, pick } = useI18n();
  const { token } = theme.useToken();
  const [renaming, setRenaming] = useState<TemplateView | null>(null);
  const all = props.templates.data ?? [];

  const remove = async (tpl: TemplateView): Promise<void> => {
    try {
      await call('templates.delete', { id: tpl.id });
      void message.success(t('templates.deleted'));
      props.onDeleted(tpl.id);
      props.templates.reload();
    } catch (err) {
      void message.error(errorText(err, pick));
    }
  };

  return (
    <div data-testid="templates-list">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }}>
        <Typography.Text strong>{t('templates.saved')}</Typography.Text>
        <Button size="small" onClick={props.onNew} data-testid="template-new">
          {t('templates.new')}
        </Button>
      </Space>
      {props.templates.error && <Alert type="error" showIcon title={pick(props.templates.error.body)} />}
      {props.templates.loading && !props.templates.data && <Spin />}
      {props.templates.data && all.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('templates.empty')} />}
      {all.map((tpl) => {
        const active = tpl.id === props.selectedId;
        return (
          <div
            key={tpl.id}
            data-testid="template-item"
            role="button"
            tabIndex={0}
            onClick={() => props.onOpen(tpl)}
            onKeyDown={(e) => e.key === 'Enter' && props.onOpen(tpl)}
            style={{ padding: 8, borderRadius: token.borderRadius, cursor: 'pointer', background: active ? token.controlItemBgActive : undefined, marginBottom: 2 }}
          >
            <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
              <Typography.Text strong={active} ellipsis data-testid="template-item-name">
                {tpl.name}
              </Typography.Text>
              <Space size={0} onClick={(e) => e.stopPropagation()}>
                <Button size="small" type="link" onClick={() => setRenaming(tpl)}>
                  {t('lists.rename')}
                </Button>
                <Popconfirm title={`${t('templates.deleteConfirm')}${t('p.q1')}${tpl.name}${t('p.q2')}${t('p.question')}`} okButtonProps={{ danger: true }} onConfirm={() => void remove(tpl)}>
                  <Button size="small" type="link" danger data-testid="template-delete">
                    {t('common.remove')}
                  </Button>
                </Popconfirm>
              </Space>
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
              {tpl.body}
            </Typography.Text>
          </div>
        );
      })}
      {renaming && (
        <RenameTemplate
          template={renaming}
          onClose={() => setRenaming(null)}
          onDone={(saved) => {
            props.templates.reload();
            props.onRenamed(saved);
          }}
        />
      )}
    </div>
  );
}

function RenameTemplate(props: { template: TemplateView; onClose: () => void; onDone: (saved: TemplateView) => void }): ReactNode {
  const { t, pick } = useI18n();
  const [name, setName] = useState(props.template.name);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async (): Promise<void> => {
    setSaving(true);
    setError(null);
    try {
      const tpl = props.template;
      props.onDone(await call('templates.save', { id: tpl.id, name: name.trim(), body: tpl.body, emptyPolicy: policyOf(tpl) }));
      props.onClose();
    } catch (err) {
      setError(errorText(err, pick));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={t('lists.rename')}
      onCancel={props.onClose}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={props.onClose}>{t('common.cancel')}</Button>
          <Button type="primary" disabled={!name.trim()} loading={saving} onClick={() => void save()}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Input autoFocus value={name} maxLength={60} onChange={(e) => setName(e.target.value)} onPressEnter={() => name.trim() && void save()} />
      {error && <Alert style={{ marginTop: 12 }} type="error" showIcon title={error} />}
    </Modal>
  );
}
