// A campaign's messages, any number of them: filter by state, status code or a mobile /
// text fragment; a row opens that message's whole history.
import { Alert, AutoComplete, Input, Select, Space, Typography } from 'antd';
import { useCallback, useState, type ReactNode } from 'react';
import type { MessageRow, MessageState } from '../../../shared/contract';
import { call } from '../api/client';
import { useReloadOn } from '../api/live';
import { usePagedRows } from '../components/usePagedRows';
import { VirtualTable, type VirtualColumn } from '../components/VirtualTable';
import { useI18n } from '../i18n';
import { useDebounced } from '../lib/debounce';
import { errorText } from '../lib/errors';
import { formatTime } from '../lib/format';
import { MessageHistoryDrawer } from './MessageHistory';
import { MESSAGE_STATES } from '../../../shared/views';
import { MessageStateTag } from './states';

export function MessagesPanel(props: { campaignId: number; codes: string[] }): ReactNode {
  const { t, pick } = useI18n();
  const [state, setState] = useState<MessageState | undefined>(undefined);
  const [codeText, setCodeText] = useState('');
  const code = useDebounced(codeText.trim(), 300) || undefined;
  const [search, setSearch] = useState('');
  const settled = useDebounced(search.trim(), 300);
  const [opened, setOpened] = useState<number | null>(null);
  const id = props.campaignId;
  const fetchPage = useCallback(
    (offset: number, limit: number) => call('campaigns.messages', { id, state, statusCode: code, search: settled || undefined, offset, limit }),
    [id, state, code, settled],
  );
  const key = JSON.stringify([id, state, code, settled]);
  const rows = usePagedRows<MessageRow>(key, fetchPage, { reloadOn: ['campaigns'] });
  useReloadOn(['campaign.progress', 'receipt.arrived'], rows.reload, { ms: 5000, accept: (p) => !('campaignId' in p) || p.campaignId === id });

  const columns: VirtualColumn<MessageRow>[] = [
    { key: 'mobile', title: t('contacts.mobile'), width: 130, render: (m) => <span data-testid="message-mobile">{m.mobile}</span> },
    { key: 'state', title: t('campaigns.state'), width: 96, render: (m) => <MessageStateTag state={m.state} /> },
    { key: 'code', title: t('detail.statusCode'), width: 110, render: (m) => m.statusCode ?? '' },
    { key: 'text', title: t('templates.previewText'), render: (m) => <span title={m.errorText ?? m.text}>{m.text}</span> },
    { key: 'parts', title: t('templates.parts'), width: 56, render: (m) => m.parts },
    { key: 'submitted', title: t('detail.submittedAt'), width: 170, render: (m) => formatTime(m.submittedAt) },
    { key: 'final', title: t('detail.finalAt'), width: 170, render: (m) => formatTime(m.finalAt) },
  ];

  return (
    <div data-testid="messages-panel">
      <Space wrap style={{ marginBottom: 8 }}>
        <Select<MessageState>
          data-testid="messages-state"
          allowClear
          style={{ width: 150 }}
          placeholder={t('detail.allStates')}
          value={state}
          onChange={setState}
          options={MESSAGE_STATES.map((s) => ({ value: s, label: t(`mstate.${s}`) }))}
        />
        <AutoComplete
          data-testid="messages-code"
          allowClear
          style={{ width: 160 }}
          placeholder={t('detail.anyCode')}
          value={codeText}
          onChange={(v: string | undefined) => setCodeText(v ?? '')}
          options={[...new Set([...props.codes, 'DELIVRD'])].map((c) => ({ value: c }))}
        />
        <Input.Search allowClear style={{ width: 220 }} placeholder={t('detail.searchMessages')} value={search} onChange={(e) => setSearch(e.target.value)} data-testid="messages-search" />
        <Typography.Text type="secondary">
          {rows.total === undefined ? '' : `${rows.total.toLocaleString()} ${t('detail.messagesUnit')}`}
        </Typography.Text>
        <Typography.Text type="secondary">{t('detail.clickRow')}</Typography.Text>
      </Space>
      {rows.error !== undefined && <Alert style={{ marginBottom: 8 }} type="error" showIcon title={errorText(rows.error, pick)} />}
      <VirtualTable<MessageRow, number>
        testId="messages-table"
        rows={rows}
        columns={columns}
        rowKey={(m) => m.id}
        resetKey={key}
        height={rows.total ? Math.min(380, rows.total * 36 + 2) : 240}
        onRowClick={(m) => setOpened(m.id)}
        empty={settled || state || code ? t('contacts.noMatch') : t('detail.noMessages')}
      />
      {opened !== null && <MessageHistoryDrawer messageId={opened} onClose={() => setOpened(null)} onOpen={setOpened} />}
    </div>
  );
}
