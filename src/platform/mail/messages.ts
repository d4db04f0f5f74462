import type { MailMessage } from './mailer.js';

/**
 * The mail Confidant sends. Each says what it is for and how long its link works, and nothing else:
 * no names, no practice-client relationship (an email can be read by anyone with the mailbox).
 */
export function passwordResetMessage(to: string, link: string, expiresAt: Date): MailMessage {
  return {
    to,
    subject: 'Reset your Confidant password',
    text:
      `Someone asked to reset the password of the Confidant account for this address.\n\n` +
      `To choose a new password, open this link before ${expiresAt.toISOString()} (it works once):\n\n${link}\n\n` +
      `If you did not ask for this, ignore this message: your password stays as it is.\n`,
  };
}

export function invitationMessage(to: string, link: string, expiresAt: Date): MailMessage {
  return {
    to,
    subject: 'You are invited to Confidant',
    text:
      `You have been invited to join a practice on Confidant.\n\n` +
      `To accept, open this link before ${expiresAt.toISOString()} (it works once) and set your password:\n\n${link}\n\n` +
      `If you did not expect this invitation, ignore this message.\n`,
  };
}
