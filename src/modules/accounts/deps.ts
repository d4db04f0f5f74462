import type { PasswordProfile } from '../../platform/auth/password-policy.js';
import type { AuthRuntime } from '../../platform/auth/plugin.js';

export interface AccountsDeps extends AuthRuntime {
  passwordProfile: PasswordProfile;
  authRateLimitPerMinute: number;
}
