// 设置: language, and where the data and passwords are kept.
import { Alert, Descriptions, Radio, Typography } from 'antd';
import type { ReactNode } from 'react';
import { call, useCall } from '../api/client';
import { useI18n, type Locale } from '../i18n';

export function SettingsPage(): ReactNode {
  const { t, pick, locale } = useI18n();
  const info = useCall('app.info', {});
  return (
    <>
      <Typography.Title level={3}>{t('settings.title')}</Typography.Title>
      <Descriptions column={1} bordered size="small" data-testid="settings-info">
        <Descriptions.Item label={t('settings.language')}>
          <Radio.Group value={locale} onChange={(e) => void call('settings.set', { locale: e.target.value as Locale })}>
            <Radio.Button value="zh-CN">简体中文</Radio.Button>
            <Radio.Button value="en">English</Radio.Button>
          </Radio.Group>
        </Descriptions.Item>
        <Descriptions.Item label={t('settings.version')}>{info.data?.version}</Descriptions.Item>
        <Descriptions.Item label={t('settings.dataDir')}>{info.data?.dataDir}</Descriptions.Item>
        <Descriptions.Item label={t('settings.schema')}>{info.data?.schemaVersion}</Descriptions.Item>
        <Descriptions.Item label={t('settings.secrets')}>{info.data?.secretBackend}</Descriptions.Item>
      </Descriptions>
      {info.data?.secretWarning && <Alert style={{ marginTop: 16 }} type="warning" showIcon message={pick(info.data.secretWarning)} />}
    </>
  );
}
