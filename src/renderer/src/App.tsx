// The shell: a side menu with the product's sections, Chinese first.
import { ConfigProvider, Layout, Menu, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useMemo, useState, type ReactNode } from 'react';
import { useCall } from './api/client';
import { I18nProvider, makeI18n, type I18n } from './i18n';
import type { MessageKey } from './i18n/zh-CN';
import { AccountsPage } from './pages/AccountsPage';
import { ContactsPage } from './pages/ContactsPage';
import { CampaignsPage } from './pages/CampaignsPage';
import { ReceiptsPage } from './pages/ReceiptsPage';
import { RepliesPage } from './pages/RepliesPage';
import { SettingsPage } from './pages/SettingsPage';
import { TemplatesPage } from './pages/TemplatesPage';

const SECTIONS = {
  accounts: AccountsPage,
  contacts: ContactsPage,
  templates: TemplatesPage,
  campaigns: CampaignsPage,
  receipts: ReceiptsPage,
  replies: RepliesPage,
  settings: SettingsPage,
} as const;
type Section = keyof typeof SECTIONS;

export function App(): ReactNode {
  const settings = useCall('settings.get', {});
  const i18n: I18n = useMemo(() => makeI18n(settings.data?.locale ?? 'zh-CN'), [settings.data?.locale]);
  const [section, setSection] = useState<Section>('campaigns');
  if (!settings.data && settings.loading) return <Spin fullscreen />;
  const Page = SECTIONS[section];
  return (
    <ConfigProvider locale={i18n.locale === 'en' ? enUS : zhCN}>
      <I18nProvider value={i18n}>
        <Layout style={{ minHeight: '100vh' }}>
          <Layout.Sider theme="light" width={180}>
            <div style={{ padding: '16px 24px', fontSize: 20, fontWeight: 600 }}>{i18n.t('app.title')}</div>
            <Menu
              mode="inline"
              selectedKeys={[section]}
              onClick={(e) => setSection(e.key as Section)}
              items={(Object.keys(SECTIONS) as Section[]).map((key) => ({ key, label: i18n.t(`nav.${key}` as MessageKey), 'data-testid': `nav-${key}` }))}
            />
          </Layout.Sider>
          <Layout.Content style={{ padding: 24 }} data-testid={`section-${section}`}>
            <Page />
          </Layout.Content>
        </Layout>
      </I18nProvider>
    </ConfigProvider>
  );
}
