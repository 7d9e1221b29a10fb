/**
 * Lantern's one way of sending email. Emails are nudges to sign in: callers write text with nothing
 * personal in it (no names, no references, nothing from a record). Without SMTP_URL nothing is
 * sent and the callers' in-app notices are the only channel.
 */
import nodemailer from 'nodemailer';

export interface MailTransport {
  sendMail(message: { from: string; to: string; subject: string; text: string }): Promise<unknown>;
}

export interface MailLog {
  warn(details: Record<string, unknown>, message: string): void;
}

export interface MailOptions {
  smtpUrl?: string;
  publicUrl?: string;
  /** For tests: used instead of an SMTP connection. */
  transport?: MailTransport;
  log?: MailLog;
}

export function mailOptions(config: { smtpUrl: string | undefined; publicUrl: string | undefined }, log?: MailLog): MailOptions {
  return { smtpUrl: config.smtpUrl, publicUrl: config.publicUrl, log };
}

export function canSendMail(options: MailOptions): boolean {
  return Boolean(options.transport || options.smtpUrl);
}

const transports = new Map<string, MailTransport>();

function transportFor(options: MailOptions): MailTransport | null {
  if (options.transport) return options.transport;
  if (!options.smtpUrl) return null;
  let transport = transports.get(options.smtpUrl);
  if (!transport) {
    transport = nodemailer.createTransport(options.smtpUrl) as unknown as MailTransport;
    transports.set(options.smtpUrl, transport);
  }
  return transport;
}

function senderAddress(publicUrl: string | undefined): string {
  let host = 'lantern.invalid';
  try {
    if (publicUrl) host = new URL(publicUrl).hostname || host;
  } catch {
    // an unusable PUBLIC_URL only changes the sender address
  }
  return `Lantern <no-reply@${host}>`;
}

/** An address in Lantern for an email's text, when PUBLIC_URL is set. */
export function linkTo(options: MailOptions, path: string): string {
  return options.publicUrl ? `${options.publicUrl.replace(/\/+$/, '')}${path}` : '';
}

/**
 * Sends one email to each address. Never throws: a failure is logged with its code and `about`
 * (ids, never personal data), and the count of emails delivered is returned.
 */
export async function sendMail(options: MailOptions, to: string[], subject: string, text: string, about: Record<string, unknown> = {}): Promise<number> {
  const transport = transportFor(options);
  if (!transport) return 0;
  const from = senderAddress(options.publicUrl);
  let delivered = 0;
  for (const address of to) {
    try {
      await transport.sendMail({ from, to: address, subject, text });
      delivered++;
    } catch (error) {
      options.log?.warn({ ...about, code: (error as { code?: string }).code ?? 'unknown' }, 'an email could not be sent');
    }
  }
  return delivered;
}
