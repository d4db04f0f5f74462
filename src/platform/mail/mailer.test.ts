import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpMailer } from './mailer.js';
import { invitationMessage, passwordResetMessage } from './messages.js';

const received: { from: string; to: string[]; raw: string }[] = [];
let server: SMTPServer;
let port: number;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('SMTP mailer', () => {
  it('delivers a password reset over SMTP with the link and its expiry, and no other content', async () => {
    const mailer = createSmtpMailer({ url: `smtp://127.0.0.1:${port}`, from: 'confidant@example.test', requireTls: false });
    const link = 'https://confidant.example.test/reset#token=synthetic-token-123';
    await mailer.send(passwordResetMessage('synthetic.person@example.test', link, new Date('2026-01-01T10:30:00Z')));
    mailer.close();
    const msg = received.at(-1)!;
    expect(msg.from).toBe('confidant@example.test');
    expect(msg.to).toEqual(['synthetic.person@example.test']);
    expect(msg.raw).toContain('Subject: Reset your Confidant password');
    expect(msg.raw).toContain('synthetic-token-123');
    expect(msg.raw).toContain('2026-01-01T10:30:00.000Z');
  });

  it('delivers an invitation', async () => {
    const mailer = createSmtpMailer({ url: `smtp://127.0.0.1:${port}`, from: 'confidant@example.test', requireTls: false });
    await mailer.send(invitationMessage('synthetic.invitee@example.test', 'https://confidant.example.test/invite#token=inv-1', new Date('2026-01-04T00:00:00Z')));
    mailer.close();
    expect(received.at(-1)!.raw).toContain('Subject: You are invited to Confidant');
  });

  it('refuses to send in clear text when TLS is required and the server offers none', async () => {
    const mailer = createSmtpMailer({ url: `smtp://127.0.0.1:${port}`, from: 'confidant@example.test', requireTls: true });
    const before = received.length;
    await expect(mailer.send(passwordResetMessage('synthetic.person@example.test', 'https://x.example.test', new Date()))).rejects.toThrow();
    mailer.close();
    expect(received.length).toBe(before);
  });
});
