/**
 * Recognising internal host-like names in prose: `db01`, `web-prod-3`, `api-gw-2a`,
 * `db01.prod.internal`, `10.0.4.17`. Heuristic by nature; tuned so that ordinary technical words
 * (`ipv4`, `sha256`, `utf-8`, `covid-19`, `top-10`, issue keys like `OPS-12`, dates, UUIDs) are
 * not flagged. A glossary term is always recognised, whatever its shape (see language.ts).
 */

/** Candidate tokens: letter/digit runs joined by `.`, `-` or `_`, starting and ending with a letter or digit. */
export const TOKEN_RE = /[\p{L}\p{N}](?:[\p{L}\p{N}._-]*[\p{L}\p{N}])?/gu;

const IPV4_RE = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const ISSUE_KEY_RE = /^[A-Z][A-Z0-9_]+-[1-9]\d*$/;
const LABEL_RE = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const FORM_A_RE = /^([a-z]{2,12})(\d{1,4})([a-z]?)$/;
const DIGIT_SEGMENT_RE = /^(\d{1,4})([a-z]?)$/;
const YEAR_RE = /^(?:19|20)\d\d$/;
const HEX_RE = /^[0-9a-f]+$/;

/** Top-level names used only inside organisations. */
export const INTERNAL_SUFFIXES = new Set([
  'internal',
  'corp',
  'local',
  'lan',
  'intranet',
  'localdomain',
  'intra',
  'private',
  'home',
  'arpa',
]);

/** Last labels that make a dotted token a file name rather than a host. */
const FILE_EXTENSIONS = new Set([
  'html',
  'htm',
  'js',
  'mjs',
  'cjs',
  'ts',
  'tsx',
  'jsx',
  'json',
  'yaml',
  'yml',
  'xml',
  'log',
  'txt',
  'md',
  'csv',
  'conf',
  'cfg',
  'ini',
  'py',
  'rb',
  'go',
  'java',
  'sh',
  'sql',
  'png',
  'jpg',
  'jpeg',
  'gif',
  'svg',
  'pdf',
  'zip',
  'gz',
  'tar',
  'tgz',
  'jar',
  'properties',
  'toml',
  'lock',
  'env',
  'pem',
  'crt',
  'key',
  'war',
  'exe',
  'dll',
  'so',
  'bin',
  'tf',
  'hcl',
]);

/** Word stems that name machines, so `db1`, `web-3` count even with one digit. */
const HOST_WORDS = new Set([
  'db',
  'dbs',
  'database',
  'web',
  'www',
  'app',
  'apps',
  'api',
  'srv',
  'svr',
  'server',
  'host',
  'node',
  'vm',
  'box',
  'cache',
  'redis',
  'memcache',
  'mysql',
  'pg',
  'psql',
  'postgres',
  'mongo',
  'mongodb',
  'kafka',
  'rabbit',
  'rabbitmq',
  'mq',
  'elastic',
  'lb',
  'elb',
  'proxy',
  'nginx',
  'haproxy',
  'gw',
  'gateway',
  'worker',
  'wrk',
  'batch',
  'queue',
  'prod',
  'prd',
  'stg',
  'staging',
  'dev',
  'qa',
  'uat',
  'dc',
  'rack',
  'sw',
  'fw',
  'rtr',
  'router',
  'ns',
  'dns',
  'mail',
  'smtp',
  'ldap',
  'jump',
  'bastion',
  'ci',
  'build',
  'runner',
  'etl',
  'spark',
  'hdfs',
  'zk',
  'zookeeper',
  'etcd',
  'consul',
  'vault',
  'ceph',
  'nfs',
  'nas',
  'san',
  'storage',
  'backup',
  'cassandra',
  'mssql',
  'sql',
  'ora',
  'rds',
  'k8s',
  'kube',
  'master',
  'replica',
  'primary',
  'secondary',
  'shard',
  'ftp',
  'sftp',
  'vpn',
  'edge',
  'cdn',
  'ingest',
  'search',
  'solr',
  'es',
  'ip',
]);

/** Stems of ordinary words that take numbers ("sha256", "utf-8", "covid-19", "top-10", "sev-1"): never hosts. */
const NEVER_STEMS = new Set([
  'rfc',
  'iso',
  'cve',
  'sha',
  'utf',
  'int',
  'uint',
  'float',
  'win',
  'covid',
  'top',
  'mp',
  'arm',
  'amd',
  'base',
  'ecma',
  'tls',
  'ssl',
  'http',
  'https',
  'ipv',
  'md',
  'html',
  'css',
  'oauth',
  'gpt',
  'h',
  'x',
  'dd',
  'fy',
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'sev',
  'pri',
  'phase',
  'step',
  'day',
  'days',
  'week',
  'weeks',
  'month',
  'months',
  'year',
  'years',
  'q',
  'level',
  'tier',
  'layer',
  'round',
  'wave',
  'stage',
  'version',
  'ver',
  'rev',
  'item',
  'page',
  'figure',
  'fig',
  'table',
  'section',
  'chapter',
  'option',
  'room',
  'floor',
  'team',
  'line',
  'gen',
  'pre',
  'post',
  'mid',
  'p',
]);

/** Software names that take version numbers ("postgres14", "node-20", "redis-7"): hosts only when zero-padded ("node01", "redis-02"). */
const SOFTWARE_STEMS = new Set([
  'python',
  'py',
  'java',
  'jdk',
  'ie',
  'ios',
  'android',
  'macos',
  'windows',
  'ubuntu',
  'centos',
  'rhel',
  'debian',
  'node',
  'postgres',
  'postgresql',
  'mysql',
  'redis',
  'kafka',
  'elastic',
  'mongo',
  'mongodb',
  'es',
  'k8s',
  'angular',
  'vue',
  'react',
  'next',
  'net',
  'dotnet',
  'go',
  'rust',
  'ruby',
  'rails',
  'perl',
  'lua',
  'kotlin',
  'swift',
  'scala',
  'spring',
  'php',
  'log',
  'ec',
  'sqs',
  'sns',
  'pci',
  'gdpr',
  'soc',
  'iphone',
  'pixel',
  'galaxy',
  'gpt',
  'llama',
  'claude',
  'gemini',
]);

function formA(label: string): boolean {
  const m = FORM_A_RE.exec(label);
  if (!m) return false;
  const [, stem = '', digits = ''] = m;
  if (digits.length === 4 && YEAR_RE.test(digits)) return false;
  if (NEVER_STEMS.has(stem)) return false;
  const padded = digits.length >= 2 && digits.startsWith('0');
  if (SOFTWARE_STEMS.has(stem)) return padded;
  if (HOST_WORDS.has(stem)) return true;
  return digits.length >= 2;
}

function dashed(label: string): boolean {
  const segs = label.split('-');
  if (segs.length < 2 || segs.some((s) => s.length === 0)) return false;
  const first = segs[0]!;
  if (!/^[a-z]/.test(first) || NEVER_STEMS.has(first)) return false;
  // UUIDs and hex ids are not hosts.
  if (segs.length >= 3 && segs.every((s) => HEX_RE.test(s) && s.length >= 4)) return false;
  let digitSeg: { digits: string; suffix: string } | undefined;
  for (let i = 1; i < segs.length; i += 1) {
    const m = DIGIT_SEGMENT_RE.exec(segs[i]!);
    if (m && !(m[1]!.length === 4 && YEAR_RE.test(m[1]!))) {
      digitSeg = { digits: m[1]!, suffix: m[2] ?? '' };
      break;
    }
  }
  const anyFormA = segs.some((s) => formA(s));
  if (!digitSeg) return anyFormA;
  if (segs.length >= 3) return true;
  const padded = digitSeg.digits.length >= 2 && digitSeg.digits.startsWith('0');
  if (SOFTWARE_STEMS.has(first)) return padded || anyFormA;
  return HOST_WORDS.has(first) || padded || digitSeg.suffix.length > 0 || anyFormA;
}

function hostLabel(label: string): boolean {
  if (!LABEL_RE.test(label) || !/[a-z]/.test(label) || !/\d/.test(label) || !/^[a-z]/.test(label)) return false;
  return label.includes('-') ? dashed(label) : formA(label);
}

export type HostKind = 'ip' | 'host';

/**
 * Whether a token (as TOKEN_RE finds it) is an internal host-like name, and which kind.
 * Lower-cases for the shape tests; an all-capitals `ABC-12` is taken for an issue key.
 */
export function classifyToken(token: string): HostKind | undefined {
  if (token.length > 253) return undefined;
  if (IPV4_RE.test(token)) return 'ip';
  if (token.includes('_')) return undefined;
  if (ISSUE_KEY_RE.test(token)) return undefined;
  const lower = token.toLowerCase();
  if (lower.includes('.')) {
    const labels = lower.split('.');
    if (labels.some((l) => l.length === 0 || !LABEL_RE.test(l))) return undefined;
    const last = labels[labels.length - 1]!;
    if (labels.length >= 2 && INTERNAL_SUFFIXES.has(last) && /^[a-z]/.test(labels[0]!)) return 'host';
    if (FILE_EXTENSIONS.has(last)) return undefined;
    return hostLabel(labels[0]!) ? 'host' : undefined;
  }
  return hostLabel(lower) ? 'host' : undefined;
}
