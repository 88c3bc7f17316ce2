// 回复: the latest replies (live as they arrive), those that opted their number out
// tagged, and the words that opt a number out.
import { Button, Card, Input, Space, Tag, Typography, message } from 'antd';
import { useState, type ReactNode } from 'react';
import type { ReplyView } from '../../../shared/contract';
import { call, useCall } from '../api/client';
import { useLiveCall } from '../api/live';
import { DataTable } from '../components/DataTable';
import { Section } from '../components/Section';
import { SaveDialog } from '../components/SaveDialog';
import { useI18n } from '../i18n';
import { formatTime } from '../lib/format';

export function RepliesPage(): ReactNode {
  const { t } = useI18n();
  const replies = useLiveCall('replies.recent', { limit: 200 }, ['reply.arrived']);
  return (
    <Section title={t('replies.title')}>
      <OptoutWords />
      <DataTable<ReplyView>
        testId="replies-table"
        loaded={replies}
        empty={t('replies.empty')}
        columns={[
          { title: t('receipts.mobile'), dataIndex: 'mobile', width: 140 },
          { title: t('replies.text'), dataIndex: 'text', render: (text: string) => <span style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{text}</span> },
          {
            title: t('replies.optedOut'),
            dataIndex: 'optedOut',
            width: 100,
            render: (o: boolean) =>
              o ? (
                <Tag color="orange" data-testid="reply-optout">
                  {t('replies.optedOut')}
                </Tag>
              ) : null,
          },
          { title: t('campaigns.account'), dataIndex: 'accountName' },
          { title: t('replies.repliedAt'), dataIndex: 'repliedAt' },
          { title: t('receipts.receivedAt'), dataIndex: 'receivedAt', render: formatTime },
        ]}
      />
    </Section>
  );
}

function OptoutWords(): ReactNode {
  const { t, pick } = useI18n();
  const words = useCall('replies.optoutWords', {});
  const [editing, setEditing] = useState(false);
  return (
    <Card
      size="small"
      title={t('optoutWords.title')}
      data-testid="optout-words"
      extra={
        <Button size="small" onClick={() => setEditing(true)} disabled={!words.data} data-testid="optout-words-edit">
          {t('optoutWords.edit')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('optoutWords.explain')}</Typography.Paragraph>
      {words.error && <Typography.Text type="danger">{pick(words.error.body)}</Typography.Text>}
      <Space wrap size={[4, 4]} data-testid="optout-words-list">
        {(words.data ?? []).map((w) => (
          <Tag key={w}>{w}</Tag>
        ))}
      </Space>
      {editing && words.data && (
        <EditWords
          words={words.data}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            words.reload();
          }}
        />
      )}
    </Card>
  );
}

const MAX_WORDS = 50;
const MAX_LENGTH = 10;

function EditWords(props: { words: string[]; onClose: () => void; onSaved: () => void }): ReactNode {
  const { t } = useI18n();
  const [text, setText] = useState(props.words.join('\n'));
  const words = [...new Set(text.split(/[\n\r,，、;；]+/).map((w) => w.trim()).filter(Boolean))];
  const tooLong = words.filter((w) => w.length > MAX_LENGTH);
  const save = async (): Promise<void> => {
    await call('replies.optoutWords', { words });
    void message.success(t('common.saved'));
    props.onSaved();
  };
  return (
    <SaveDialog title={t('optoutWords.title')} onClose={props.onClose} onSave={save} canSave={tooLong.length === 0 && words.length <= MAX_WORDS} saveTestId="optout-words-save">
      <Typography.Paragraph type="secondary">{t('optoutWords.editExplain')}</Typography.Paragraph>
      <Input.TextArea rows={8} value={text} onChange={(e) => setText(e.target.value)} data-testid="optout-words-input" />
      <Typography.Text type={words.length > MAX_WORDS ? 'danger' : 'secondary'}>{`${words.length} / ${MAX_WORDS}`}</Typography.Text>
      {tooLong.length > 0 && (
        <div>
          <Typography.Text type="danger">{`${t('optoutWords.tooLong')}${t('p.colon')}${tooLong.join(t('p.list'))}`}</Typography.Text>
        </div>
      )}
    </SaveDialog>
  );
}
