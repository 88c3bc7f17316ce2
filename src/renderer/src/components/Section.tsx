// A section's page: its title (with what goes on the right of it) above its parts.
import { Space, Typography } from 'antd';
import type { ReactNode } from 'react';

export function Section(props: { title: string; extra?: ReactNode; children: ReactNode }): ReactNode {
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {props.title}
        </Typography.Title>
        {props.extra}
      </Space>
      {props.children}
    </Space>
  );
}
