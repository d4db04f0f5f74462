import nodemailer from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends mail. Messages carry links and instructions only: never PHI (no names, no clinical content). */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export interface SmtpOptions {
  /** smtp://user:pass@host:587 (STARTTLS) or smtps://host:465 (implicit TLS). */
  url: string;
  from: string;
  /** Refuse to send over a connection that did not upgrade to TLS (production). */
  requireTls: boolean;
}

/** A real SMTP client (nodemailer); one pooled transport per app, closed with it. */
export function createSmtpMailer(opts: SmtpOptions): Mailer {
  const u = new URL(opts.url);
  const implicitTls = u.protocol === 'smtps:';
  const transport = nodemailer.createTransport({
    host: u.hostname,
    port: u.port ? Number(u.port) : implicitTls ? 465 : 587,
    secure: implicitTls,
    // With STARTTLS, refuse to go on in clear text when the server does not upgrade.
    requireTLS: opts.requireTls && !implicitTls,
    ...(u.username ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } } : {}),
  });
  return {
    async send(message: MailMessage): Promise<void> {
      await transport.sendMail({ from: opts.from, to: message.to, subject: message.subject, text: message.text });
    },
    close(): void {
      transport.close();
    },
  };
}
