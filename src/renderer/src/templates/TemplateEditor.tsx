// The pieces of the template editor, shared by the templates page and the campaign
// composer: the text with placeholder chips from the list's fields, the live count, the
// placeholder checks, and what to do when a value is empty.
import { Alert, Button, Input, Radio, Space, Tooltip, Typography, type GetRef } from 'antd';
import { useMemo, useRef, useState, type MouseEvent, type ReactNode } from 'react';
import type { AccountView, EmptyPolicyView, ListView } from '../../../shared/contract';
import type { Capabilities } from '../../../shared/providers';
import { placeholderTypos } from '../../../shared/template-syntax';
import { useI18n } from '../i18n';
import { liveCount, unknownPlaceholders, type LiveCount } from './count';

export interface BodyChecks {
  count: LiveCount;
  /** Placeholders the list does not have. */
  unknown: string[];
  typos: ReturnType<typeof placeholderTypos>;
}

export function bodyChecks(body: string, list: ListView | undefined, account: AccountView | undefined, caps: Capabilities | undefined): BodyChecks {
  return {
    count: liveCount(body, account && caps ? { caps, signature: account.signature } : null),
    unknown: unknownPlaceholders(body, list?.fields ?? null),
    typos: placeholderTypos(body),
  };
}

/** The empty-value policy as the editor holds it: the default text survives switching kinds. */
export function usePolicy(): { kind: EmptyPolicyView['kind']; text: string; policy: EmptyPolicyView; setKind: (k: EmptyPolicyView['kind']) => void; setText: (s: string) => void; set: (p: EmptyPolicyView) => void } {
  const [kind, setKind] = useState<EmptyPolicyView['kind']>('refuse');
  const [text, setText] = useState('');
  const policy: EmptyPolicyView = useMemo(() => (kind === 'default' ? { kind, text } : { kind }), [kind, text]);
  const set = (p: EmptyPolicyView): void => {
    setKind(p.kind);
    setText(p.kind === 'default' ? p.text : '');
  };
  return { kind, text, policy, setKind, setText, set };
}

export function EmptyPolicyPicker(props: { policy: ReturnType<typeof usePolicy> }): ReactNode {
  const { t } = useI18n();
  const p = props.policy;
  return (
    <Space wrap>
      <span>{t('templates.emptyPolicy')}</span>
      <Radio.Group
        data-testid="template-empty-policy"
        value={p.kind}
        onChange={(e) => p.setKind(e.target.value as EmptyPolicyView['kind'])}
        options={[
          { value: 'refuse', label: t('templates.policy.refuse') },
          { value: 'allow', label: t('templates.policy.allow') },
          { value: 'default', label: t('templates.policy.default') },
        ]}
      />
      {p.kind === 'default' && (
        <Input style={{ width: 180 }} maxLength={100} value={p.text} placeholder={t('templates.defaultPlaceholder')} onChange={(e) => p.setText(e.target.value)} data-testid="template-default-text" />
      )}
    </Space>
  );
}

export function BodyEditor(props: { body: string; onChange: (body: string) => void; list: ListView | undefined; signature: string | null; checks: BodyChecks }): ReactNode {
  const { t } = useI18n();
  const editor = useRef<GetRef<typeof Input.TextArea>>(null);
  const { body, list } = props;
  const { typos, unknown } = props.checks;

  const insert = (token: string): void => {
    const el = editor.current?.resizableTextArea?.textArea;
    const start = el?.selectionStart ?? body.length;
    const end = el?.selectionEnd ?? body.length;
    const next = body.slice(0, start) + token + body.slice(end);
    if (next.length > 1000) return;
    props.onChange(next);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  return (
    <>
      <Chips fields={list?.fields ?? []} onInsert={insert} />
      <Input.TextArea
        ref={editor}
        data-testid="template-body"
        value={body}
        maxLength={1000}
        autoSize={{ minRows: 4, maxRows: 12 }}
        placeholder={t('templates.bodyPlaceholder')}
        onChange={(e) => props.onChange(e.target.value)}
      />
      <LiveCountLine count={props.checks.count} signature={props.signature} />
      {typos.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="template-typos"
          title={`${t('templates.typos')}${t('p.colon')}${typos.map((x) => x.fragment).join(t('p.list'))}`}
          description={t('templates.typosHint')}
        />
      )}
      {unknown.length > 0 && (
        <Alert
          type="error"
          showIcon
          data-testid="template-unknown"
          title={`${t('templates.unknown')}${t('p.colon')}${unknown.map((u) => `<${u}>`).join(t('p.list'))}`}
          description={list ? `${t('templates.unknownHint')}${list.fields.length ? list.fields.map((f) => `<${f}>`).join(t('p.list')) : t('lists.noFields')}` : undefined}
        />
      )}
    </>
  );
}

function Chips(props: { fields: string[]; onInsert: (token: string) => void }): ReactNode {
  const { t } = useI18n();
  if (props.fields.length === 0) return <Typography.Text type="secondary">{t('templates.noChips')}</Typography.Text>;
  // Keep the editor's cursor where it was: the button must not take the focus.
  const keepFocus = (e: MouseEvent): void => e.preventDefault();
  return (
    <div data-testid="template-chips">
      <Space wrap size={[6, 6]}>
        <span>{t('templates.insert')}</span>
        {props.fields.map((f) => (
          <Button key={f} size="small" onMouseDown={keepFocus} onClick={() => props.onInsert(`<${f}>`)} data-testid="chip">
            {`<${f}>`}
          </Button>
        ))}
      </Space>
      <div style={{ marginTop: 6 }}>
        <Space wrap size={[6, 6]}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('templates.positional')}
          </Typography.Text>
          {props.fields.map((f, i) => (
            <Tooltip key={f} title={`= <${f}>`}>
              <Button size="small" type="dashed" onMouseDown={keepFocus} onClick={() => props.onInsert(`<value${i}>`)} data-testid="chip-positional">
                {`<value${i}>`}
              </Button>
            </Tooltip>
          ))}
        </Space>
      </div>
    </div>
  );
}

function LiveCountLine(props: { count: LiveCount; signature: string | null }): ReactNode {
  const { t } = useI18n();
  const c = props.count;
  return (
    <div data-testid="live-count">
      <Space wrap>
        <Typography.Text strong>
          <span data-testid="live-count-length">{c.length}</span> {t('templates.chars')} · <span data-testid="live-count-parts">{c.parts}</span> {t('estimate.partUnit')}
        </Typography.Text>
        <Typography.Text type="secondary">
          {c.signature > 0 && `${t('templates.withSignature')}【${props.signature}】${c.signature} ${t('templates.chars')}${t('p.semi')}`}
          {c.placeholders > 0 ? `${c.placeholders} ${t('templates.placeholdersNotCounted')}` : ''}
          {`${t('templates.leftInPart')} ${c.leftInPart} ${t('templates.chars')}`}
        </Typography.Text>
      </Space>
    </div>
  );
}
