// Where provider passwords and keys are kept: always encrypted at rest. Two backends:
// Electron's safeStorage (the OS keychain / DPAPI / libsecret) in the app, and in plain
// Node (CLI, browser host, tests) a random key in a 0600 file of the data folder, which
// is weaker: anyone who can read the data folder can read the key.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';

export interface SecretStore {
  /** 'safeStorage', 'safeStorage (basic_text)' or 'key file'. */
  readonly backend: string;
  /** A sentence for the user where the protection is weak; null where it is the OS's. */
  readonly warning: { zh: string; en: string } | null;
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
}

const KEY_FILE = 'secret.key';

/** AES-256-GCM with a key file created 0600 in the data folder. */
export class KeyFileSecretStore implements SecretStore {
  readonly backend = 'key file';
  readonly warning = {
    zh: '密码以数据目录中的密钥文件加密（权限 0600）。能读取该目录的人也能解密；桌面版使用系统钥匙串，更安全。',
    en: 'Passwords are encrypted with a key file in the data folder (mode 0600). Anyone who can read that folder can decrypt them; the desktop app uses the OS keychain, which is stronger.',
  };
  private readonly key: Buffer;

  constructor(dataDir: string) {
    const file = join(dataDir, KEY_FILE);
    mkdirSync(dataDir, { recursive: true });
    if (!existsSync(file)) {
      writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    }
    chmodSync(file, 0o600);
    this.key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (this.key.length !== 32) {
      throw new AppError('secrets.keyfile', {
        zh: `密钥文件 ${file} 已损坏。请从备份恢复；删除它会使已保存的密码无法解密。`,
        en: `The key file ${file} is damaged. Restore it from a backup; deleting it makes saved passwords unreadable.`,
      });
    }
  }

  encrypt(plain: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from('QF1'), iv, cipher.getAuthTag(), body]);
  }

  decrypt(sealed: Buffer): string {
    if (sealed.subarray(0, 3).toString() !== 'QF1') {
      throw new AppError('secrets.format', {
        zh: '无法解密保存的密码（可能由桌面版的系统钥匙串加密）。请在此处重新输入该账户的密码。',
        en: 'Cannot decrypt the saved password (it may have been sealed by the desktop app’s OS keychain). Enter the account password again here.',
      });
    }
    const iv = sealed.subarray(3, 15);
    const tag = sealed.subarray(15, 31);
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed.subarray(31)), decipher.final()]).toString('utf8');
  }
}
