// run.mjs DATA_DIR DB_FILE OUT_DIR
//
// The DuckDB peer of bench/compare.sh, in one process (DuckDB is embedded:
// the database lives in this process, so loading and querying in one run is
// how it is used):
//   load   bench/sql/duckdb/schema.sql, then each statement of load.sql
//          (read_csv with explicit types) for the tables whose CSV file
//          exists, then CHECKPOINT (the tables are on disk in DB_FILE);
//   query  as_of.sql, then each bench/sql/duckdb/<RULE-ID>.sql, its rows
//          written to OUT_DIR/keys/<RULE-ID>.keys in bench/lib/keys.py's
//          form (fields joined by TAB, escaped as the mariadb client's batch
//          mode does, sorted bytewise, distinct).
// Writes OUT_DIR/steps.tsv (bench/lib/common.sh); compare.sh measures the
// process's CPU and peak memory around it.
//
// DuckDB runs with its defaults (threads = the machine's cores).
// Environment: BENCH_QUERY_TIMEOUT, seconds per query (default 1200): a
// query still running then is interrupted and reported as "timeout".
import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const RULES = `LMT-SEX LMT-AGE LMT-DX LMT-LV PRC-CEIL QTY-RX
DTH-SETL HOS-SPLIT HOS-OUTP QTY-30D FRQ-MULTI
TRC-DUP TRC-REFLOW TRC-FMT TRC-MISMATCH TRC-MISSING
OPSP-REFUSE OPSP-COMPLAINT OPSP-NOREG
DLV-LATE DLV-RATE DLV-3M DCH-NORX`.split(/\s+/);

const here = path.dirname(fileURLToPath(import.meta.url));
const sqlDir = path.join(here, '..', 'sql', 'duckdb');

function die(msg) {
  process.stderr.write(`bench/duckdb/run.mjs: ${msg}\n`);
  process.exit(1);
}

function readSql(name) {
  const file = path.join(sqlDir, name);
  if (!fs.existsSync(file)) die(`missing ${file}`);
  return fs.readFileSync(file, 'utf8');
}

// The mariadb client's batch-mode escaping, so keys compare across systems.
function escape(v) {
  return v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\0/g, '\\0');
}

function seconds(t0) {
  return (Number(process.hrtime.bigint() - t0) / 1e9).toFixed(3);
}

const [dataDir, dbFile, outDir] = process.argv.slice(2);
if (!outDir) die('usage: node run.mjs DATA_DIR DB_FILE OUT_DIR');
if (!fs.statSync(dataDir, { throwIfNoEntry: false })?.isDirectory()) die(`no data directory '${dataDir}'`);
if (dataDir.includes("'")) die(`the data path '${dataDir}' holds a quote`);
const timeoutS = Number(process.env.BENCH_QUERY_TIMEOUT || 1200);
if (!(timeoutS > 0)) die(`BENCH_QUERY_TIMEOUT='${process.env.BENCH_QUERY_TIMEOUT}' is not a positive number of seconds`);

fs.mkdirSync(path.join(outDir, 'keys'), { recursive: true });
const stepsFile = path.join(outDir, 'steps.tsv');
fs.writeFileSync(stepsFile, '');
const step = (phase, name, wall, status, keys) =>
  fs.appendFileSync(stepsFile, `${phase}\t${name}\t${wall}\t${status}\t${keys}\n`);

for (const f of [dbFile, `${dbFile}.wal`]) fs.rmSync(f, { force: true });
const instance = await DuckDBInstance.create(dbFile);
const conn = await instance.connect();
const [version, threads] = (await conn.runAndReadAll("SELECT version(), current_setting('threads')")).getRowsJS()[0];
fs.writeFileSync(path.join(outDir, 'version'), `DuckDB ${version} (${threads} threads), node ${process.version}\n`);

// --- load ---
const tLoad = process.hrtime.bigint();
let t0 = process.hrtime.bigint();
await conn.run(readSql('schema.sql'));
step('load', 'schema', seconds(t0), 'ok', '');
// load.sql: one "INSERT INTO <table> ... ;" per table.
const statements = readSql('load.sql')
  .replace(/^--.*$/gm, '')
  .split(/;\s*$/m)
  .map((s) => s.trim())
  .filter((s) => s.length > 0);
for (const stmt of statements) {
  const m = /^INSERT INTO (\w+)/.exec(stmt);
  if (!m) die(`load.sql: expected each statement to start with "INSERT INTO <table>", got: ${stmt.slice(0, 60)}`);
  const table = m[1];
  if (!fs.existsSync(path.join(dataDir, `${table}.csv`))) continue; // a missing file is an empty table
  t0 = process.hrtime.bigint();
  try {
    await conn.run(stmt.replaceAll('{DATA}', dataDir));
  } catch (e) {
    die(`loading ${path.join(dataDir, table + '.csv')} failed: ${e.message}`);
  }
  step('load', table, seconds(t0), 'ok', '');
}
t0 = process.hrtime.bigint();
await conn.run('CHECKPOINT');
step('load', 'checkpoint', seconds(t0), 'ok', '');
process.stderr.write(`duckdb: load ${seconds(tLoad)} s\n`);

// --- queries ---
// One query at a time, interrupted when it passes the time limit.
async function runLimited(sql) {
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; conn.interrupt(); }, timeoutS * 1000);
  try {
    const reader = await conn.runAndReadAll(sql);
    return { status: 'ok', rows: reader.getRowsJS() };
  } catch (e) {
    if (timedOut) return { status: 'timeout' };
    process.stderr.write(`duckdb: ${e.message}\n`);
    return { status: 'error' };
  } finally {
    clearTimeout(timer);
  }
}

t0 = process.hrtime.bigint();
const asOf = await runLimited(readSql('as_of.sql'));
if (asOf.status !== 'ok') die('as_of.sql failed');
step('query', 'as_of', seconds(t0), 'ok', '');
const asOfText = (await conn.runAndReadAll("SELECT strftime(getvariable('as_of'), '%Y-%m-%d %H:%M:%S')")).getRowsJS()[0][0];
fs.writeFileSync(path.join(outDir, 'as_of'), `${asOfText}\n`);

for (const rule of RULES) {
  const sql = readSql(`${rule}.sql`);
  t0 = process.hrtime.bigint();
  const r = await runLimited(sql);
  const wall = seconds(t0);
  const keysFile = path.join(outDir, 'keys', `${rule}.keys`);
  let n = '';
  if (r.status === 'ok') {
    const lines = new Set(r.rows.map((row) => row.map((v) => escape(v === null ? '' : String(v))).join('\t')));
    const sorted = [...lines].map((l) => Buffer.from(l, 'utf8')).sort(Buffer.compare);
    fs.writeFileSync(keysFile, Buffer.concat(sorted.flatMap((b) => [b, Buffer.from('\n')])));
    n = String(sorted.length);
  } else {
    fs.rmSync(keysFile, { force: true });
  }
  step('query', rule, wall, r.status, n);
  process.stderr.write(`duckdb: ${rule.padEnd(15)} ${wall.padStart(9)} s ${n.padStart(8)} keys ${r.status === 'ok' ? '' : r.status}\n`);
}
conn.closeSync();
instance.closeSync();
