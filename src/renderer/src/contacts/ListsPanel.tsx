// The contact lists: choose one, create, rename, delete, and merge the checked ones
// into a new list.
import { Alert, Button, Checkbox, Empty, Input, Popconfirm, Space, Spin, Tag, Typography, message, theme } from 'antd';
import { useState, type ReactNode } from 'react';
import type { ListView } from '../../../shared/contract';
import { call, type Loaded } from '../api/client';
import { SaveDialog } from '../components/SaveDialog';
import { useI18n } from '../i18n';
import { useAction } from '../lib/useAction';

type Naming = { kind: 'create' } | { kind: 'rename'; list: ListView } | { kind: 'merge'; ids: number[] };

export function ListsPanel(props: { lists: Loaded<ListView[]>; selectedId: number | undefined; onSelect: (id: number | undefined) => void }): ReactNode {
  const { t, pick } = useI18n();
  const { token } = theme.useToken();
  const [checked, setChecked] = useState<number[]>([]);
  const [naming, setNaming] = useState<Naming | null>(null);
  const lists = props.lists.data ?? [];
  const selected = lists.find((l) => l.id === props.selectedId);

  const { run } = useAction();
  const remove = (list: ListView): Promise<void> =>
    run(() => call('lists.delete', { id: list.id }), {
      success: t('lists.deleted'),
      then: () => {
        setChecked((c) => c.filter((id) => id !== list.id));
        if (props.selectedId === list.id) props.onSelect(undefined);
        props.lists.reload();
      },
    });

  return (
    <div data-testid="lists-panel">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }}>
        <Typography.Text strong>{t('lists.title')}</Typography.Text>
        <Button size="small" type="primary" onClick={() => setNaming({ kind: 'create' })} data-testid="list-create">
          {t('lists.create')}
        </Button>
      </Space>
      {props.lists.error && <Alert type="error" showIcon title={pick(props.lists.error.body)} />}
      {props.lists.loading && !props.lists.data && <Spin />}
      {props.lists.data && lists.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('contacts.empty')} />}
      <div style={{ maxHeight: 'calc(100vh - 330px)', overflowY: 'auto' }} data-testid="lists">
        {lists.map((l) => {
          const active = l.id === props.selectedId;
          return (
            <div
              key={l.id}
              data-testid="list-item"
              data-list-id={l.id}
              role="button"
              tabIndex={0}
              onClick={() => props.onSelect(l.id)}
              onKeyDown={(e) => e.key === 'Enter' && props.onSelect(l.id)}
              style={{
                display: 'flex',
                alignItems: 'center',
                gap: 8,
                padding: '8px 8px',
                borderRadius: token.borderRadius,
                cursor: 'pointer',
                background: active ? token.controlItemBgActive : undefined,
                marginBottom: 2,
              }}
            >
              <Checkbox
                checked={checked.includes(l.id)}
                onClick={(e) => e.stopPropagation()}
                onChange={(e) => setChecked((c) => (e.target.checked ? [...c, l.id] : c.filter((id) => id !== l.id)))}
                aria-label={t('lists.checkForMerge')}
              />
              <div style={{ flex: 1, minWidth: 0 }}>
                <div style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', fontWeight: active ? 600 : undefined }}>{l.name}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
                  {l.fields.length ? l.fields.join(t('p.list')) : t('lists.noFields')}
                </Typography.Text>
              </div>
              <Tag data-testid="list-count">{l.contacts.toLocaleString()}</Tag>
            </div>
          );
        })}
      </div>
      <Space wrap style={{ marginTop: 8 }}>
        <Button size="small" disabled={!selected} onClick={() => selected && setNaming({ kind: 'rename', list: selected })} data-testid="list-rename">
          {t('lists.rename')}
        </Button>
        <Popconfirm
          title={selected ? `${t('lists.deleteConfirm')}${t('p.q1')}${selected.name}${t('p.q2')}${t('p.question')}` : ''}
          description={selected ? `${selected.contacts.toLocaleString()} ${t('lists.deleteNote')}` : undefined}
          okButtonProps={{ danger: true }}
          disabled={!selected}
          onConfirm={() => selected && void remove(selected)}
        >
          <Button size="small" danger disabled={!selected} data-testid="list-delete">
            {t('common.remove')}
          </Button>
        </Popconfirm>
        <Button size="small" disabled={checked.length < 2} onClick={() => setNaming({ kind: 'merge', ids: checked })} data-testid="list-merge">
          {t('lists.merge')}
          {checked.length >= 2 ? ` (${checked.length})` : ''}
        </Button>
      </Space>
      {checked.length === 1 && (
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('lists.mergeHint')}
          </Typography.Text>
        </div>
      )}
      {naming && (
        <NameDialog
          naming={naming}
          onClose={() => setNaming(null)}
          onDone={(list) => {
            setNaming(null);
            if (naming.kind === 'merge') setChecked([]);
            props.onSelect(list.id);
            props.lists.reload();
          }}
        />
      )}
    </div>
  );
}

function NameDialog(props: { naming: Naming; onClose: () => void; onDone: (list: ListView) => void }): ReactNode {
  const { t } = useI18n();
  const n = props.naming;
  const [name, setName] = useState(n.kind === 'rename' ? n.list.name : '');
  const title = n.kind === 'create' ? t('lists.create') : n.kind === 'rename' ? t('lists.rename') : `${t('lists.merge')} (${n.ids.length})`;
  const save = async (): Promise<void> => {
    const trimmed = name.trim();
    const list =
      n.kind === 'create'
        ? await call('lists.create', { name: trimmed })
        : n.kind === 'rename'
          ? await call('lists.rename', { id: n.list.id, name: trimmed })
          : await call('lists.merge', { sourceIds: n.ids, name: trimmed });
    void message.success(n.kind === 'merge' ? `${t('lists.merged')}${t('p.colon')}${list.contacts.toLocaleString()}` : t('common.saved'));
    props.onDone(list);
  };
  return (
    <SaveDialog title={title} onClose={props.onClose} onSave={save} canSave={name.trim() !== ''} saveTestId="list-name-ok">
      {(submit) => (
        <>
          {n.kind === 'merge' && <Typography.Paragraph type="secondary">{t('lists.mergeNote')}</Typography.Paragraph>}
          <Input autoFocus value={name} maxLength={60} placeholder={t('lists.namePlaceholder')} onChange={(e) => setName(e.target.value)} onPressEnter={submit} data-testid="list-name" />
        </>
      )}
    </SaveDialog>
  );
}
