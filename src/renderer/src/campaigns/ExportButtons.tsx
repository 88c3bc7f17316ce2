// Exports a campaign's messages with their outcomes: on the desktop into a file the user
// picks in a save dialog; in the browser as a download from the host.
import { Button, Space, message } from 'antd';
import type { ReactNode } from 'react';
import { hostDownloadUrl } from '../api/bridge';
import { call } from '../api/client';
import { useI18n } from '../i18n';
import { downloadUrl } from '../lib/download';
import { useAction } from '../lib/useAction';

export function ExportButtons(props: { campaignId: number }): ReactNode {
  const { t } = useI18n();
  const { run, busy } = useAction();
  const exportAs = (format: 'csv' | 'xlsx'): Promise<void> =>
    run(
      async () => {
        const ready = await call('campaigns.export', { id: props.campaignId, format });
        if (window.qunfa) return (await call('exports.save', { downloadId: ready.downloadId, filename: ready.filename })).saved;
        downloadUrl(hostDownloadUrl(ready.downloadId, ready.filename), ready.filename);
        return ready.filename;
      },
      { key: format, then: (saved) => saved && void message.success(`${t('export.done')}${t('p.colon')}${saved}`) },
    );
  return (
    <Space>
      <Button loading={busy('csv')} onClick={() => void exportAs('csv')} data-testid="export-csv">
        {t('export.csv')}
      </Button>
      <Button loading={busy('xlsx')} onClick={() => void exportAs('xlsx')} data-testid="export-xlsx">
        {t('export.xlsx')}
      </Button>
    </Space>
  );
}
