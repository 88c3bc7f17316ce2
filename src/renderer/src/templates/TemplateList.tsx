// The saved templates: open one, start a new one, rename or delete.
import { Alert, Button, Empty, Input, Popconfirm, Space, Spin, Typography, theme } from 'antd';
import { useState, type ReactNode } from 'react';
import type { TemplateView } from '../../../shared/contract';
import { call, type Loaded } from '../api/client';
import { SaveDialog } from '../components/SaveDialog';
import { useI18n } from '../i18n';
import { useAction } from '../lib/useAction';

export function policyOf(t: TemplateView): { kind: 'refuse' } | { kind: 'allow' } | { kind: 'default'; text: string } {
  return t.emptyPolicy === 'default' ? { kind: 'default', text: t.emptyDefault ?? '' } : { kind: t.emptyPolicy };
}

export function TemplateList(props: { templates: Loaded<TemplateView[]>; selectedId: number | undefined; onOpen: (t: TemplateView) => void; onNew: () => void; onDeleted: (id: number) => void; onRenamed: (t: TemplateView) => void }): ReactNode {
  const { t, pick } = useI18n();
  const { token } = theme.useToken();
  const [renaming, setRenaming] = useState<TemplateView | null>(null);
  const all = props.templates.data ?? [];

  const { run } = useAction();
  const remove = (tpl: TemplateView): Promise<void> =>
    run(() => call('templates.delete', { id: tpl.id }), {
      success: t('templates.deleted'),
      then: () => {
        props.onDeleted(tpl.id);
        props.templates.reload();
      },
    });

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
  const { t } = useI18n();
  const [name, setName] = useState(props.template.name);
  const save = async (): Promise<void> => {
    const tpl = props.template;
    props.onDone(await call('templates.save', { id: tpl.id, name: name.trim(), body: tpl.body, emptyPolicy: policyOf(tpl) }));
    props.onClose();
  };
  return (
    <SaveDialog title={t('lists.rename')} onClose={props.onClose} onSave={save} canSave={name.trim() !== ''}>
      {(submit) => <Input autoFocus value={name} maxLength={60} onChange={(e) => setName(e.target.value)} onPressEnter={submit} />}
    </SaveDialog>
  );
}
