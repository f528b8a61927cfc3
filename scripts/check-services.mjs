// Says clearly, before any test runs, when a server the tests need is not
// reachable, and how to start it. Tests never skip silently for lack of one.
import net from 'node:net';

const services = [
  {
    name: 'PostgreSQL',
    url: process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
    start: 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
    defaultPort: 5432,
  },
  {
    name: 'Redis',
    url: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    start: 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
    defaultPort: 6379,
  },
];

const reachable = ({ hostname, port }) =>
  new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port, timeout: 3000 });
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
    console.error(`  Start it (Debian): ${service.start}`);
  }
}
process.exit(missing ? 1 : 0);
