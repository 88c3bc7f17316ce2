// Provider names and the capability vocabulary. Pure data shared by main and renderer:
// the planner, the preflight and the UI read capabilities, never a provider's name.

export const PROVIDERS = ['yunchuda', 'smsadmin', 'smscn', 'chuangrui', 'platform'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

/** What the message is for; providers bill and check them differently. */
export const KINDS = ['marketing', 'notification', 'verification'] as const;
export type Kind = (typeof KINDS)[number];

export interface Bilingual {
  zh: string;
  en: string;
}

/** One credential or setting an account of this provider needs. */
export interface AccountField {
  key: 'username' | 'password' | 'secret' | 'userid';
  label: Bilingual;
  required: boolean;
  /** Stored encrypted, never shown again, never sent to the renderer. */
  secret: boolean;
}

/** A value a provider's pushes carry for the receiver to check (see Capabilities.pushCredentials). */
export interface PushCredential {
  key: string;
  label: Bilingual;
}

/** A provider-specific account option (endpoint variant, auth mode, reply format...). */
export interface AccountOption {
  key: string;
  label: Bilingual;
  choices: { value: string; label: Bilingual }[];
  default: string;
}

export interface PullLimits {
  /** Most items one call returns. */
  maxPerCall: number;
  /** Least time between two calls, as the document asks. */
  minIntervalMs: number;
}

export interface Capabilities {
  provider: ProviderName;
  label: Bilingual;
  /** Charset on the wire, as the document fixes it. */
  charset: 'utf-8' | 'gb2312' | 'gbk';
  /** The documented host; null where the provider hands each customer its own URL. */
  defaultBaseUrl: string | null;
  fields: AccountField[];
  options: AccountOption[];
  /**
   * Values the provider's pushes carry, set where the user had the provider configure
   * them (创瑞's status-report and reply passwords). Credentials: stored encrypted like the
   * password, checked on each push's arrival, never shown again. Empty: no such values.
   */
  pushCredentials: PushCredential[];
  send: {
    /** Numbers one request may carry when they all get the same text. */
    maxMobilesPerRequest: number;
    /**
     * One request carrying different texts (personalised batch), or null.
     * maxItems: entries per request; maxMobilesPerItem: numbers sharing one entry's text;
     * uniqueMobiles: a number may appear once per request;
     * forbiddenValueChars: characters a merged value cannot contain in this form
     * (such recipients travel another way, never corrupted).
     */
    personalised: null | {
      form: string;
      maxItems: number;
      maxMobilesPerItem: number;
      uniqueMobiles: boolean;
      forbiddenValueChars: string;
    };
    /**
     * 'free-text': we send the rendered text. 'provider-template': the provider renders an
     * approved template id with our variables (the account must name the template id).
     */
    contentMode: 'free-text' | 'provider-template';
    /** Placeholder syntax the provider itself understands, for management UIs and docs. */
    nativePlaceholder: '{value0}' | '{name}' | '{$name}' | '@' | null;
    /** Longest content in characters the document allows, signature included. */
    maxChars: number;
    scheduled: boolean;
    /** Digits of the extension number, or null where not offered. */
    extnoMaxDigits: number | null;
  };
  /** How parts are counted and billed: up to `single` chars is one part, else `multi` per part. */
  segments: { single: number; multi: number };
  signature: {
    /** 'content': the text must carry 【签名】; 'parameter': sent in its own field; 'provider-template': part of the approved template. */
    placement: 'content' | 'parameter' | 'provider-template';
    required: boolean;
    minChars: number | null;
    maxChars: number | null;
  };
  /** The opt-out suffix, and for which kinds the provider refuses messages without it. */
  marketingSuffix: { text: string; requiredFor: Kind[] };
  receipts: { pull: PullLimits | null; push: boolean };
  replies: { pull: PullLimits | null; push: boolean };
  balanceUnit: 'money' | 'count' | 'points';
  /** Send records can be queried (used to settle messages whose outcome is unknown). */
  sendRecords: boolean;
  /** Limits the document states per recipient number. */
  frequency: { perNumberPerDay: number | null; verificationPer3Minutes: number | null };
}
