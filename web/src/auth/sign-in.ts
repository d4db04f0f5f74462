import { api } from '../api/client';

export interface LoginInput {
  email: string;
  password: string;
  code?: string;
  recoveryCode?: string;
}

/** Signs in (a 401 is an answer here: wrong password, or a second factor needed). */
export function signIn(input: LoginInput): Promise<{ userId: string; activePracticeId: string | null; mfaVerified: boolean }> {
  const body: LoginInput = { email: input.email, password: input.password };
  if (input.code) body.code = input.code;
  if (input.recoveryCode) body.recoveryCode = input.recoveryCode;
  return api('POST', '/api/auth/login', body, { authAttempt: true });
}
