// Accounts: the user's logins at providers. Passwords are sealed by the platform's
// secret store on the way in and opened only to build a driver; no view carries them.
import type { AccountInput, AccountUpdate, AccountView, BalanceView } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { Capabilities } from '../../shared/providers';
import { accountQueries, type AccountRow } from '../db/accounts';
import type { Db } from '../db/open';
import { capabilitiesOf, createDriver, DRIVERS } from '../providers/registry';
import type { AccountConfig, Driver } from '../providers/types';
import type { SecretStore } from '../secrets/store';

const E4 = 10_000;

export function toAccountView(row: AccountRow): AccountView {
  return {
    id: row.id,
    name: row.name,
    provider: row.provider,
    baseUrl: row.base_url,
    username: row.username,
    userid: row.userid,
    signature: row.signature,
    unitPrice: row.unit_price_e4 / E4,
    options: JSON.parse(row.options) as Record<string, string>,
    hasSecret: row.secret_enc !== null,
    pushCredentials: JSON.parse(row.push_credential_keys) as string[],
    concurrency: row.concurrency,
    ratePerSecond: row.rate_per_second,
    backupAccountId: row.backup_account_id,
    createdAt: row.created_at,
  };
}

function notFound(what: string): AppError {
  return new AppError('accounts.not_found', { zh: `找不到账户“${what}”。`, en: `No account "${what}".` });
}

/**
 * The provider's options (choice lists), each given value checked, the rest kept from
 * `current` or defaulted. A key the provider does not offer is refused: options are
 * stored as they are, so nothing else (a password, say) may travel in them.
 */
function checkedOptions(caps: Capabilities, given: Record<string, string>, current: Record<string, string>): Record<string, string> {
  for (const key of Object.keys(given)) {
    if (!caps.options.some((o) => o.key === key)) {
      throw new AppError(
        'accounts.option_unknown',
        {
          zh: `${caps.label.zh}没有选项“${key}”${caps.options.length ? `，可用的选项：${caps.options.map((o) => o.key).join('、')}` : ''}。`,
          en: `${caps.label.en} has no option "${key}"${caps.options.length ? `; its options are ${caps.options.map((o) => o.key).join(', ')}` : ''}.`,
        },
        { field: key },
      );
    }
  }
  const options: Record<string, string> = {};
  for (const opt of caps.options) {
    const value = given[opt.key] ?? current[opt.key] ?? opt.default;
    if (!opt.choices.some((c) => c.value === value)) {
      throw new AppError('accounts.option_invalid', {
        zh: `选项“${opt.label.zh}”的值“${value}”无效，可选：${opt.choices.map((c) => c.value).join('、')}。`,
        en: `Option "${opt.label.en}" cannot be "${value}"; choose one of ${opt.choices.map((c) => c.value).join(', ')}.`,
      }, { field: opt.key });
    }
    options[opt.key] = value;
  }
  return options;
}

/**
 * The push credentials after a change: `given` values set (an empty one clears its key)
 * over `current`. A key the provider's pushes do not carry is refused, naming those they do.
 */
function mergedPushCredentials(caps: Capabilities, given: Record<string, string>, current: Record<string, string>): Record<string, string> {
  const out = { ...current };
  for (const [key, value] of Object.entries(given)) {
    if (!caps.pushCredentials.some((c) => c.key === key)) {
      const known = caps.pushCredentials.map((c) => c.key);
      throw new AppError(
        'accounts.push_credential_unknown',
        {
          zh: `${caps.label.zh}的推送不带“${key}”${known.length ? `，可设置的推送校验值：${known.join('、')}` : '，不需要设置推送校验值'}。`,
          en: `${caps.label.en} pushes carry no "${key}"${known.length ? `; the push values to set are ${known.join(', ')}` : '; it has no push values to set'}.`,
        },
        { field: key },
      );
    }
    if (value === '') delete out[key];
    else out[key] = value;
  }
  return out;
}

export class AccountService {
  private readonly q: ReturnType<typeof accountQueries>;

  constructor(
    db: Db,
    private readonly secrets: SecretStore,
  ) {
    this.q = accountQueries(db);
  }

  providers(): Capabilities[] {
    return Object.values(DRIVERS).map((d) => d.capabilities);
  }

  list(): AccountView[] {
    return this.q.all().map(toAccountView);
  }

  /** By id, or by name (the CLI's way). */
  find(idOrName: number | string): AccountRow {
    const row = typeof idOrName === 'number' || /^\d+$/.test(idOrName) ? this.q.byId(Number(idOrName)) : undefined;
    const found = row ?? (typeof idOrName === 'string' ? this.q.byName(idOrName) : undefined);
    if (!found) throw notFound(String(idOrName));
    return found;
  }

  add(input: AccountInput & { unitPrice: number; options: Record<string, string> }): AccountView {
    const caps = capabilitiesOf(input.provider);
    const baseUrl = input.baseUrl ?? caps.defaultBaseUrl;
    if (!baseUrl) {
      throw new AppError('accounts.base_url_required', {
        zh: `${caps.label.zh}为每位客户提供专属接口地址，请填写服务商给您的地址。`,
        en: `${caps.label.en} gives each customer its own URL: enter the one the provider gave you.`,
      });
    }
    if (this.q.byName(input.name)) {
      throw new AppError('accounts.duplicate', { zh: `已有名为“${input.name}”的账户，请换一个名称。`, en: `An account named "${input.name}" exists; choose another name.` });
    }
    for (const field of caps.fields) {
      const value = field.key === 'password' ? input.password : input[field.key];
      if (field.required && !value) {
        throw new AppError('accounts.field_required', {
          zh: `${caps.label.zh}账户需要填写“${field.label.zh}”。`,
          en: `A ${caps.label.en} account needs "${field.label.en}".`,
        }, { field: field.key });
      }
    }
    const options = checkedOptions(caps, input.options, {});
    const pushCredentials = mergedPushCredentials(caps, input.pushCredentials ?? {}, {});
    const id = this.q.insert({
      name: input.name,
      provider: input.provider,
      base_url: baseUrl,
      username: input.username,
      userid: input.userid ?? null,
      signature: input.signature ?? null,
      unit_price_e4: Math.round(input.unitPrice * E4),
      options: JSON.stringify(options),
      password_enc: this.secrets.encrypt(input.password),
      secret_enc: input.secret ? this.secrets.encrypt(input.secret) : null,
      ...this.sealPushCredentials(pushCredentials),
      created_at: new Date().toISOString(),
    });
    return toAccountView(this.find(id));
  }

  /** Changes settings and, when given, the password or secret (sealed again). */
  update(input: AccountUpdate): AccountView {
    const row = this.find(input.id);
    if (input.backupAccountId !== undefined && input.backupAccountId !== null) {
      const backup = this.find(input.backupAccountId);
      if (backup.id === row.id) {
        throw new AppError('accounts.backup_self', { zh: '备用账户不能是它自己。', en: 'An account cannot be its own backup.' }, { field: 'backupAccountId' });
      }
    }
    this.q.update({
      ...row,
      base_url: input.baseUrl ?? row.base_url,
      signature: input.signature === undefined ? row.signature : input.signature,
      unit_price_e4: input.unitPrice === undefined ? row.unit_price_e4 : Math.round(input.unitPrice * E4),
      options: input.options ? JSON.stringify(checkedOptions(capabilitiesOf(row.provider), input.options, JSON.parse(row.options) as Record<string, string>)) : row.options,
      password_enc: input.password ? this.secrets.encrypt(input.password) : row.password_enc,
      secret_enc: input.secret ? this.secrets.encrypt(input.secret) : row.secret_enc,
      ...(input.pushCredentials ? this.sealPushCredentials(mergedPushCredentials(capabilitiesOf(row.provider), input.pushCredentials, this.pushCredentialsOf(row))) : {}),
      backup_account_id: input.backupAccountId === undefined ? row.backup_account_id : input.backupAccountId,
      concurrency: input.concurrency ?? row.concurrency,
      rate_per_second: input.ratePerSecond ?? row.rate_per_second,
    });
    return toAccountView(this.find(row.id));
  }

  remove(idOrName: number | string): void {
    const row = this.find(idOrName);
    if (this.q.campaignCount(row.id) > 0) {
      throw new AppError('accounts.in_use', {
        zh: `账户“${row.name}”有群发记录，删除会丢失历史，因此不能删除。`,
        en: `Account "${row.name}" has campaigns; deleting it would lose their history, so it cannot be removed.`,
      });
    }
    this.q.remove(row.id);
  }

  /** The driver's view of an account, with credentials opened. Main process only. */
  config(row: AccountRow): AccountConfig {
    return {
      provider: row.provider,
      baseUrl: row.base_url,
      username: row.username,
      password: this.secrets.decrypt(row.password_enc),
      secret: row.secret_enc ? this.secrets.decrypt(row.secret_enc) : undefined,
      userid: row.userid ?? undefined,
      signature: row.signature ?? undefined,
      options: JSON.parse(row.options) as Record<string, string>,
      pushCredentials: this.pushCredentialsOf(row),
    };
  }

  private pushCredentialsOf(row: AccountRow): Record<string, string> {
    return row.push_credentials_enc ? (JSON.parse(this.secrets.decrypt(row.push_credentials_enc)) as Record<string, string>) : {};
  }

  private sealPushCredentials(values: Record<string, string>): Pick<AccountRow, 'push_credentials_enc' | 'push_credential_keys'> {
    const keys = Object.keys(values).sort();
    return { push_credentials_enc: keys.length === 0 ? null : this.secrets.encrypt(JSON.stringify(values)), push_credential_keys: JSON.stringify(keys) };
  }

  /** Runs `fn` with a driver for the account and closes its connection pool afterwards. */
  async withDriver<T>(idOrName: number | string, fn: (driver: Driver, row: AccountRow) => Promise<T>): Promise<T> {
    const row = this.find(idOrName);
    const driver = createDriver(this.config(row));
    try {
      return await fn(driver, row);
    } finally {
      await driver.close();
    }
  }

  async balance(idOrName: number | string, signal?: AbortSignal): Promise<BalanceView> {
    return this.withDriver(idOrName, (driver) => driver.balance(signal));
  }
}
