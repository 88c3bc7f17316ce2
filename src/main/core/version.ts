// The app version, from package.json at build time (electron-vite and tsx both inline JSON imports).
import pkg from '../../../package.json';

export const VERSION: string = pkg.version;
