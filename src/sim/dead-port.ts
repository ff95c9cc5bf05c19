// A port on this host on which nothing listens: the address of a removed controller.
import { createServer } from 'node:net';

/** Binds port 0, notes the port and closes it: a removed controller's address that refuses connections. */
export async function deadPort(host: string): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, host, resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('could not reserve a port');
  return address.port;
}
