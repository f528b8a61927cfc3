// Says clearly, before any test runs, when a server the tests need is not
// reachable. Tests never skip silently for lack of one. scripts/test-services.sh
// runs it once it has chosen (or started) the servers.
import net from 'node:net';

const services = [
  {
    name: 'PostgreSQL',
    variable: 'TEST_POSTGRES_URL',
    url: process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
    defaultPort: 5432,
  },
  {
    name: 'Redis',
    variable: 'TEST_REDIS_URL',
    url: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    defaultPort: 6379,
  },
];

const reachable = ({ hostname, port }) =>
  new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port, timeout: 10_000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });

let missing = 0;
for (const service of services) {
  const url = new URL(service.url);
  const target = { hostname: url.hostname, port: Number(url.port || service.defaultPort) };
  if (await reachable(target)) {
    console.log(`${service.name}: reachable at ${target.hostname}:${target.port}`);
  } else {
    missing += 1;
    console.error(`${service.name} is required by the integration tests and is not reachable at ${target.hostname}:${target.port}.`);
    console.error(
      `  Point ${service.variable} at a running server, or unset it: npm test then uses the local server ` +
        `or starts a private one for the run (scripts/test-services.sh).`,
    );
  }
}
process.exit(missing ? 1 : 0);
