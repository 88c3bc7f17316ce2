// A dialog that saves something: Cancel and Save, the saving state, and the core's error
// shown inside it (the dialog stays open so the user can fix what it says).
import { Alert, Button, Modal, Space } from 'antd';
import { useState, type ReactNode } from 'react';
import { useI18n } from '../i18n';
import { errorText } from '../lib/errors';

export interface SaveDialogProps {
  title: ReactNode;
  onClose: () => void;
  /** Does the saving and, when it is done, whatever follows (closing is the caller's); throws to show an error. */
  onSave: () => Promise<void>;
  canSave?: boolean;
  saveText?: ReactNode;
  closeText?: string;
  saveTestId?: string;
  testId?: string;
  width?: number;
  /** The form; given `save` when Enter in a field should save. */
  children: ReactNode | ((save: () => void) => ReactNode);
}

export function SaveDialog(props: SaveDialogProps): ReactNode {
  const { t, pick } = useI18n();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const canSave = props.canSave ?? true;
  const save = async (): Promise<void> => {
    if (!canSave || saving) return;
    setSaving(true);
    setError(null);
    try {
      await props.onSave();
    } catch (err) {
      setError(errorText(err, pick));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={props.title}
      onCancel={props.onClose}
      destroyOnHidden
      width={props.width}
      footer={
        <Space>
          <Button onClick={props.onClose}>{props.closeText ?? t('common.cancel')}</Button>
          <Button type="primary" disabled={!canSave} loading={saving} onClick={() => void save()} data-testid={props.saveTestId}>
            {props.saveText ?? t('common.save')}
          </Button>
        </Space>
      }
    >
      <div data-testid={props.testId}>
        {typeof props.children === 'function' ? props.children(() => void save()) : props.children}
        {error && <Alert style={{ marginTop: 12 }} type="error" showIcon title={error} data-testid="save-error" />}
      </div>
    </Modal>
  );
}
