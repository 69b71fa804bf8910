import { Command, InvalidArgumentError } from 'commander';
import { formatTable, runCheck } from './check';
import { runLoad } from './load';

const positiveInt = (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('expected a whole number');
  return parsed;
};

const share = (value: string) => {
  const parsed = Number(value);
  if (!(parsed >= 0 && parsed <= 1)) throw new InvalidArgumentError('expected a share between 0 and 1');
  return parsed;
};

/** A command that posts to an endpoint as the portal, with the options every such command has. */
const portalCommand = (program: Command, name: string, urlHelp: string) =>
  program
    .command(name)
    .argument('<url>', urlHelp)
    .requiredOption('--secret <secret>', "the portal's SECRET_KEY for this CRM")
    .option('--username <name>', 'Basic auth user name', 'vivareal')
    .option('--listing <code>', 'the clientListingId to send', 'SIM-001')
    .option('--json', 'print the result as JSON');

/** `grupozap-sim`: the portal's side of the lead integration, against any endpoint. */
export const main = async (argv = process.argv) => {
  const program = new Command('grupozap-sim').description('Simulates the Grupo ZAP portal posting leads to a CRM endpoint.');

  portalCommand(program, 'check', 'the lead endpoint, e.g. https://crm.example.com/api/grupozap/lead')
    .option('--advertiser <key>', 'appended to the URL as the advertiser key')
    .option('--timeout <ms>', "the portal's timeout per attempt", positiveInt, 5000)
    .option('--retries <n>', 'retries after a non-2xx answer, as the portal does', positiveInt, 3)
    .option('--retry-delay <ms>', 'pause between retries (the portal waits minutes)', positiveInt, 200)
    .description('send the standard homologation cases and print a verdict; exit code 0 only if all pass')
    .action(async (url: string, options) => {
      const { endpoint, rows, passed } = await runCheck(
        url,
        {
          secret: options.secret,
          username: options.username,
          advertiser: options.advertiser,
          listing: options.listing,
          timeoutMs: options.timeout,
          retries: options.retries,
          retryDelayMs: options.retryDelay,
          json: Boolean(options.json),
        },
        (row) => {
          if (!options.json) process.stderr.write(`${row.pass ? '✔' : '✘'} ${row.case}: ${row.got || 'no answer'}\n`);
        }
      );
      if (options.json) process.stdout.write(`${JSON.stringify({ endpoint, passed, cases: rows }, null, 2)}\n`);
      else process.stdout.write(`\n${endpoint}\n${formatTable(rows)}\n\n${passed ? 'all cases pass' : 'SOME CASES FAIL'}\n`);
      process.exitCode = passed ? 0 : 1;
    });

  portalCommand(program, 'load', 'the lead endpoint')
    .option('--connections <n>', 'concurrent connections', positiveInt, 16)
    .option('--duration <s>', 'seconds', positiveInt, 10)
    .option('--duplicates <share>', 'share of requests that redeliver an earlier lead', share, 0)
    .description('post unique leads (some redelivered) and report throughput, latency and statuses')
    .action(async (url: string, options) => {
      const report = await runLoad(url, {
        secret: options.secret,
        username: options.username,
        listing: options.listing,
        connections: options.connections,
        durationSeconds: options.duration,
        duplicates: options.duplicates,
        onProgress: (count) => {
          if (!options.json) process.stderr.write(`\r${count} answers…`);
        },
      });
      if (options.json) {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        return;
      }
      const { latencyMs: l } = report;
      process.stdout.write(
        [
          '',
          `${report.url}: ${report.connections} connections, ${report.durationSeconds} s`,
          `requests    ${report.requests} (${report.throughput.toFixed(1)}/s), errors ${report.errors}, timeouts ${report.timeouts}`,
          `latency ms  p50 ${l.p50}  p95 ${l.p95}  p99 ${l.p99}  max ${l.max}`,
          `statuses    ${Object.entries(report.statuses)
            .map(([status, count]) => `${status}: ${count}`)
            .join(', ')}`,
          '',
        ].join('\n')
      );
    });

  await program.parseAsync(argv);
};
