// The platform for the Electron app: the OS keychain through safeStorage, system
// notifications, the power-save blocker and native file dialogs.
import { BrowserWindow, dialog, Notification, powerSaveBlocker, safeStorage } from 'electron';
import { AppError } from '../../shared/errors';
import type { Platform } from '../core/platform';
import type { SecretStore } from '../secrets/store';

function safeStorageStore(): SecretStore {
  // On Linux without a keyring, safeStorage falls back to 'basic_text': a hard-coded key.
  const backendName = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os';
  const weak = backendName === 'basic_text';
  return {
    backend: weak ? 'safeStorage (basic_text)' : 'safeStorage',
    warning: weak
      ? {
          zh: '系统没有可用的密钥环（如 GNOME Keyring 或 KWallet），密码只做了弱加密。请安装并解锁密钥环后重新输入密码。',
          en: 'No keyring (such as GNOME Keyring or KWallet) is available, so passwords are only weakly encrypted. Install and unlock a keyring, then enter the passwords again.',
        }
      : null,
    encrypt(plain) {
      if (!safeStorage.isEncryptionAvailable()) {
        throw new AppError('secrets.unavailable', { zh: '系统加密不可用，无法保存密码。', en: 'OS encryption is unavailable; the password cannot be saved.' });
      }
      return safeStorage.encryptString(plain);
    },
    decrypt(sealed) {
      return safeStorage.decryptString(sealed);
    },
  };
}

export function electronPlatform(): Platform {
  return {
    kind: 'electron',
    secrets: safeStorageStore(),
    notify(title, body) {
      if (Notification.isSupported()) new Notification({ title, body }).show();
    },
    keepAwake() {
      const id = powerSaveBlocker.start('prevent-app-suspension');
      return () => powerSaveBlocker.stop(id);
    },
    dialogs: {
      async openFile(filters) {
        const win = BrowserWindow.getFocusedWindow();
        const options = { properties: ['openFile' as const], filters };
        const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
        return result.canceled ? null : (result.filePaths[0] ?? null);
      },
      async saveFile(defaultName) {
        const win = BrowserWindow.getFocusedWindow();
        const result = win ? await dialog.showSaveDialog(win, { defaultPath: defaultName }) : await dialog.showSaveDialog({ defaultPath: defaultName });
        return result.canceled ? null : (result.filePath ?? null);
      },
    },
  };
}
