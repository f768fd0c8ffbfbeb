// The load generator of the bench, in a process of its own so that it does not share the
// server's event loop: `connections` keep-alive connections, each sending the next GET as soon
// as the last answer is read, for `ms` milliseconds. Prints one JSON line: requests per second
// and latency percentiles in milliseconds. Only loopback addresses are accepted.
import http from 'node:http';

const [url, connections = '10', ms = '3000'] = process.argv.slice(2);
const target = new URL(url!);
if (!['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)) throw new Error('loopback only');
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(connections) });
const latencies: number[] = [];
let errors = 0;
const deadline = performance.now() + Number(ms);

function once(): Promise<void> {
  return new Promise((resolve) => {
    const started = performance.now();
    const request = http.get(target, { agent }, (response) => {
      response.on('data', () => {});
      response.on('end', () => {
        if (response.statusCode === 200) latencies.push(performance.now() - started);
        else errors++;
        resolve();
      });
    });
    request.on('error', () => {
      errors++;
      resolve();
    });
  });
}

const started = performance.now();
await Promise.all(
  Array.from({ length: Number(connections) }, async () => {
    while (performance.now() < deadline) await once();
  }),
);
const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? NaN;
console.log(JSON.stringify({ rps: latencies.length / seconds, p50: at(50), p99: at(99), requests: latencies.length, errors }));
agent.destroy();
