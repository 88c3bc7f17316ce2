// 自定义敏感词: words the preflight flags in a template, besides the providers' own.
import { Alert, Button, Input, Spin, Typography, message } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { call } from '../api/client';
import { SaveDialog } from '../components/SaveDialog';
import { useI18n } from '../i18n';
import { errorText } from '../lib/errors';

export function SensitiveWordsButton(): ReactNode {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} data-testid="sensitive-open">
        {t('sensitive.title')}
      </Button>
      {open && <SensitiveWords onClose={() => setOpen(false)} />}
    </>
  );
}

function SensitiveWords(props: { onClose: () => void }): ReactNode {
  const { t, pick } = useI18n();
  const [text, setText] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    call('sensitive.get', {}).then(
      (words) => setText(words.join('\n')),
      (err: unknown) => {
        setLoadError(errorText(err, pick));
        setText('');
      },
    );
  }, [pick]);
  const words = [...new Set((text ?? '').split(/[\n,，、]+/).map((w) => w.trim()).filter(Boolean))];
  const tooLong = words.filter((w) => w.length > 20);
  const save = async (): Promise<void> => {
    const saved = await call('sensitive.set', { words });
    setText(saved.join('\n'));
    void message.success(t('common.saved'));
    props.onClose();
  };
  return (
    <SaveDialog title={t('sensitive.title')} onClose={props.onClose} onSave={save} canSave={text !== null && tooLong.length === 0 && words.length <= 5000} saveTestId="sensitive-save">
      <Typography.Paragraph type="secondary">{t('sensitive.explain')}</Typography.Paragraph>
      {text === null ? (
        <Spin />
      ) : (
        <Input.TextArea rows={10} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('sensitive.placeholder')} data-testid="sensitive-words" />
      )}
      <Typography.Text type="secondary">
        {words.length} {t('sensitive.count')}
      </Typography.Text>
      {tooLong.length > 0 && <Alert style={{ marginTop: 8 }} type="error" showIcon title={`${t('sensitive.tooLong')}${t('p.colon')}${tooLong.slice(0, 5).join(t('p.list'))}`} />}
      {loadError && <Alert style={{ marginTop: 8 }} type="error" showIcon title={loadError} />}
    </SaveDialog>
  );
}
