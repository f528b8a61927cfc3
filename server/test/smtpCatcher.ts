import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server on loopback that keeps what it receives (tests: mail is really sent and parsed). */
export interface SmtpCatcher {
  url: string;
  received: ParsedMail[];
  /** The next message to `to` received after this call, or one already received that `matches`. */
  nextTo(to: string, matches?: (mail: ParsedMail) => boolean): Promise<ParsedMail>;
  close(): Promise<void>;
}

export async function startSmtpCatcher(): Promise<SmtpCatcher> {
  const received: ParsedMail[] = [];
  const waiting: { to: string; matches: (mail: ParsedMail) => boolean; resolve: (mail: ParsedMail) => void }[] = [];
  const recipients = (mail: ParsedMail) =>
    [mail.to ?? []].flat().flatMap((address) => address.value.map((entry) => entry.address?.toLowerCase() ?? ''));
  const server = new SMTPServer({
    // Plain SMTP on loopback, as a local relay: no TLS, no login.
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push(mail);
          for (const waiter of [...waiting]) {
            if (recipients(mail).includes(waiter.to) && waiter.matches(mail)) {
              waiting.splice(waiting.indexOf(waiter), 1);
              waiter.resolve(mail);
            }
          }
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    nextTo: (to, matches = () => true) => {
      const already = received.find((mail) => recipients(mail).includes(to) && matches(mail));
      if (already) return Promise.resolve(already);
      return new Promise((resolve) => waiting.push({ to, matches, resolve }));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
