import type { Config } from '../../config.js';
import { createSmtpMailer } from './mailer.js';
import { invitationMessage, passwordResetMessage } from './messages.js';

/**
 * The account mail of an installation with SMTP configured: password reset and invitation links.
 * Links carry the token in the fragment (`#token=`), which browsers do not send to servers or put in
 * Referer headers, so it stays out of access logs. Without SMTP there is none: nothing is sent.
 */
export interface IdentityMail {
  deliverPasswordReset(message: { email: string; token: string; expiresAt: Date }): Promise<void>;
  deliverInvitation(message: { email: string; token: string; expiresAt: Date }): Promise<void>;
  close(): void;
}

export function identityMailFromConfig(config: Pick<Config, 'smtp' | 'publicUrl' | 'env'>): IdentityMail | null {
  if (!config.smtp) return null;
  // loadConfig refuses SMTP without a public URL; this guards callers that build a Config by hand.
  if (!config.publicUrl) throw new TypeError('mail links need the public URL (CONFIDANT_PUBLIC_URL)');
  const base = config.publicUrl.replace(/\/+$/, '');
  const mailer = createSmtpMailer({ url: config.smtp.url, from: config.smtp.from, requireTls: config.env === 'production' });
  return {
    async deliverPasswordReset({ email, token, expiresAt }): Promise<void> {
      await mailer.send(passwordResetMessage(email, `${base}/reset-password#token=${encodeURIComponent(token)}`, expiresAt));
    },
    async deliverInvitation({ email, token, expiresAt }): Promise<void> {
      await mailer.send(invitationMessage(email, `${base}/invitations#token=${encodeURIComponent(token)}`, expiresAt));
    },
    close: () => mailer.close(),
  };
}
