// Entry of the platform driver (the white-label sms.aspx platform); the modules live in ./platform/.
import { platformFactory } from './platform/driver';

export const platform = platformFactory;
export { createPlatformDriver, type PlatformDeps } from './platform/driver';
