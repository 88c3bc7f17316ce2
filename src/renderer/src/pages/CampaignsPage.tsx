// 群发: the campaigns, composing a new one, and one campaign's detail.
import { Button } from 'antd';
import { useState, type ReactNode } from 'react';
import type { CampaignCreated } from '../../../shared/contract';
import { CampaignDetail } from '../campaigns/CampaignDetail';
import { CampaignList } from '../campaigns/CampaignList';
import { ComposeDrawer } from '../campaigns/ComposeDrawer';
import { Section } from '../components/Section';
import { useI18n } from '../i18n';

export function CampaignsPage(): ReactNode {
  const { t } = useI18n();
  const [openId, setOpenId] = useState<number | null>(null);
  const [composing, setComposing] = useState(false);
  // What planning said about the campaign just created (shown once on its page).
  const [created, setCreated] = useState<CampaignCreated | null>(null);
  const show = (result: CampaignCreated): void => {
    setCreated(result);
    setOpenId(result.campaign.id);
  };
  return (
    <>
      {openId === null ? (
        <Section
          title={t('campaigns.title')}
          extra={
            <Button type="primary" onClick={() => setComposing(true)} data-testid="campaign-new">
              {t('campaigns.new')}
            </Button>
          }
        >
          <CampaignList onOpen={setOpenId} />
        </Section>
      ) : (
        <CampaignDetail
          key={openId}
          id={openId}
          created={created?.campaign.id === openId ? created : null}
          onBack={() => setOpenId(null)}
          onOpen={setOpenId}
          onCreated={show}
        />
      )}
      <ComposeDrawer
        open={composing}
        onClose={() => setComposing(false)}
        onCreated={(result) => {
          setComposing(false);
          show(result);
        }}
      />
    </>
  );
}
