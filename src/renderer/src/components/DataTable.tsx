// A section's table of core data with honest loading, error and empty states.
import { Alert, Button, Empty, Table, type TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import type { Loaded } from '../api/client';
import { useI18n } from '../i18n';

export function DataTable<T extends { id: number }>(props: {
  loaded: Loaded<T[]>;
  columns: TableColumnsType<T>;
  empty: string;
  testId: string;
  extra?: ReactNode;
  /** Opens a row (the row shows it can be clicked). */
  onRowClick?: (row: T) => void;
}): ReactNode {
  const { t, pick } = useI18n();
  const { data, error, loading, reload } = props.loaded;
  if (error) {
    return (
      <Alert
        type="error"
        showIcon
        message={t('common.error')}
        description={pick(error.body)}
        action={<Button onClick={reload}>{t('common.retry')}</Button>}
      />
    );
  }
  return (
    <Table<T>
      data-testid={props.testId}
      rowKey="id"
      size="middle"
      loading={loading && !data}
      dataSource={data ?? []}
      columns={props.columns}
      onRow={props.onRowClick ? (row) => ({ onClick: () => props.onRowClick?.(row), style: { cursor: 'pointer' } }) : undefined}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      locale={{ emptyText: <Empty description={props.empty} /> }}
    />
  );
}
