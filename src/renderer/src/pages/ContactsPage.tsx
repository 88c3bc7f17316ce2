// 联系人: the lists on the left, the chosen list's contacts on the right, importing a
// file into a list; and the opt-out list in its own tab.
import { Button, Empty, Tabs, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { ListView } from '../../../shared/contract';
import { useCall } from '../api/client';
import { ContactsView } from '../contacts/ContactsView';
import { ImportWizard } from '../contacts/ImportWizard';
import { ListsPanel } from '../contacts/ListsPanel';
import { OptOutsPanel } from '../contacts/OptOutsPanel';
import { useI18n } from '../i18n';

export function ContactsPage(): ReactNode {
  const { t } = useI18n();
  return (
    <>
      <Typography.Title level={3}>{t('contacts.title')}</Typography.Title>
      <Tabs
        data-testid="contacts-tabs"
        destroyOnHidden
        items={[
          { key: 'lists', label: <span data-testid="tab-lists">{t('contacts.tabLists')}</span>, children: <ListsAndContacts /> },
          { key: 'optouts', label: <span data-testid="tab-optouts">{t('optouts.title')}</span>, children: <OptOutsPanel /> },
        ]}
      />
    </>
  );
}

function ListsAndContacts(): ReactNode {
  const { t } = useI18n();
  const lists = useCall('lists.list', {});
  const [selectedId, setSelectedId] = useState<number | undefined>(undefined);
  const [importing, setImporting] = useState(false);
  const all = lists.data ?? [];
  const selected = all.find((l) => l.id === selectedId);

  // A list just created, merged or imported into is chosen before the list of lists
  // has it: wait for the next load rather than fall back to the first list.
  const awaiting = useRef<{ id: number; data: ListView[] | undefined } | null>(null);
  const select = useCallback(
    (id: number | undefined) => {
      if (id !== undefined && !lists.data?.some((l) => l.id === id)) awaiting.current = { id, data: lists.data };
      setSelectedId(id);
    },
    [lists.data],
  );

  // Show the first list until the user picks one; forget a list that is gone.
  useEffect(() => {
    if (!lists.data) return;
    const wait = awaiting.current;
    if (wait) {
      if (lists.data === wait.data) return;
      awaiting.current = null;
      if (lists.data.some((l) => l.id === wait.id)) return;
    }
    if (selectedId === undefined || !lists.data.some((l) => l.id === selectedId)) setSelectedId(lists.data[0]?.id);
  }, [lists.data, selectedId]);

  return (
    <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start' }}>
      <div style={{ flex: '0 0 280px' }}>
        <ListsPanel lists={lists} selectedId={selectedId} onSelect={select} />
      </div>
      <div style={{ flex: 1, minWidth: 0 }}>
        {selected ? (
          <ContactsView key={selected.id} list={selected} onImport={() => setImporting(true)} />
        ) : (
          lists.data &&
          all.length === 0 && (
            <Empty description={t('contacts.startHere')} style={{ marginTop: 48 }}>
              <Button type="primary" onClick={() => setImporting(true)} data-testid="contacts-import">
                {t('import.open')}
              </Button>
            </Empty>
          )
        )}
      </div>
      <ImportWizard
        open={importing}
        lists={all}
        defaultListId={selected?.id}
        onClose={() => setImporting(false)}
        onImported={(id) => {
          select(id);
          lists.reload();
        }}
      />
    </div>
  );
}
