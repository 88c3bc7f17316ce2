// The locale: Simplified Chinese first, English switchable and remembered by the core.
import { createContext, useContext, type ReactNode } from 'react';
import type { Bilingual } from '../../../shared/providers';
import { en } from './en';
import { zhCN, type MessageKey } from './zh-CN';

export type Locale = 'zh-CN' | 'en';

export interface I18n {
  locale: Locale;
  t: (key: MessageKey) => string;
  /** Picks the language of a bilingual text from the core. */
  pick: (text: Bilingual) => string;
}

export function makeI18n(locale: Locale): I18n {
  const table: Record<MessageKey, string> = locale === 'en' ? en : zhCN;
  return { locale, t: (key) => table[key], pick: (text) => (locale === 'en' ? text.en : text.zh) };
}

const Context = createContext<I18n>(makeI18n('zh-CN'));

export function I18nProvider({ value, children }: { value: I18n; children: ReactNode }): ReactNode {
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useI18n(): I18n {
  return useContext(Context);
}
