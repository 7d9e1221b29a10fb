import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError, DEVELOPMENT_AUDIT_KEY, loadConfig } from './config.ts';

const SECRET = 's'.repeat(32);
/** Production also needs an audit key; these tests are about other settings. */
const AUDIT_KEY = 'k'.repeat(40);

describe('configuration', () => {
  test('defaults: embedded PGlite in ./data, 30 minutes idle, 12 hours absolute, lockout after 5', () => {
    const config = loadConfig({});
    assert.equal(config.env, 'development');
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.dataDir, path.resolve('data'));
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.port, 3000);
    assert.equal(config.sessionIdleMinutes, 30);
    assert.equal(config.sessionAbsoluteHours, 12);
    assert.equal(config.lockoutThreshold, 5);
    assert.equal(config.lockoutMinutes, 15);
    assert.equal(config.seedDemo, true);
    assert.equal(config.pgliteFsync, true, 'embedded data is flushed to disk on every commit unless told otherwise');
    assert.ok(config.sessionSecret.length >= 32, 'a throwaway secret outside production');
  });

  test('settings come from the environment', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u@db.example/lantern',
      LANTERN_DATA_DIR: '/var/lib/lantern',
      SESSION_IDLE_MINUTES: '10',
      SESSION_ABSOLUTE_HOURS: '8',
      SIGN_IN_LOCKOUT_THRESHOLD: '3',
      SIGN_IN_LOCKOUT_MINUTES: '60',
      SIGN_IN_RATE_LIMIT_PER_MINUTE: '7',
      BODY_LIMIT_BYTES: '1000',
      PORT: '8080',
      LANTERN_DEMO: 'false',
      LANTERN_PGLITE_FSYNC: 'false',
    });
    assert.equal(config.databaseUrl, 'postgres://u@db.example/lantern');
    assert.equal(config.dataDir, '/var/lib/lantern');
    assert.deepEqual(
      [config.sessionIdleMinutes, config.sessionAbsoluteHours, config.lockoutThreshold, config.lockoutMinutes, config.signInRateLimitPerMinute, config.bodyLimitBytes, config.port],
      [10, 8, 3, 60, 7, 1000, 8080],
    );
    assert.equal(config.seedDemo, false);
    assert.equal(config.pgliteFsync, false);
    assert.throws(() => loadConfig({ LANTERN_PGLITE_FSYNC: 'off' }), /LANTERN_PGLITE_FSYNC/);
  });

  test('numbers that are not positive whole numbers are refused at start-up', () => {
    for (const value of ['0', '-5', '2.5', 'ten', '1e3', '0x10', ' ']) {
      assert.throws(() => loadConfig({ SESSION_IDLE_MINUTES: value }), ConfigError, value);
    }
  });

  test('numbers beyond what the setting allows are refused with a one-line message naming the setting and the range', () => {
    const refused: [string, string, string][] = [
      ['SESSION_IDLE_MINUTES', '1441', '1 to 1440'],
      ['SESSION_ABSOLUTE_HOURS', '169', '1 to 168'],
      ['SIGN_IN_LOCKOUT_THRESHOLD', '101', '1 to 100'],
      ['SIGN_IN_LOCKOUT_MINUTES', '100000', '1 to 1440'],
      ['SIGN_IN_RATE_LIMIT_PER_MINUTE', '100001', '1 to 100000'],
      ['BODY_LIMIT_BYTES', '99999999999999999999', '1 to 104857600'],
    ];
    for (const [name, value, range] of refused) {
      assert.throws(
        () => loadConfig({ [name]: value }),
        (error: Error) => error instanceof ConfigError && error.message === `${name} must be a whole number from ${range} (got "${value}")`,
        name,
      );
    }
    const edge = loadConfig({ SESSION_IDLE_MINUTES: '1440', SESSION_ABSOLUTE_HOURS: '168', SIGN_IN_LOCKOUT_THRESHOLD: ' 100 ' });
    assert.deepEqual([edge.sessionIdleMinutes, edge.sessionAbsoluteHours, edge.lockoutThreshold], [1440, 168, 100], 'the limits themselves are allowed, and surrounding spaces ignored');
  });

  test('production needs a SESSION_SECRET of at least 32 characters', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production' }), /SESSION_SECRET/);
    assert.throws(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'short' }), /SESSION_SECRET/);
    const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: SECRET, LANTERN_AUDIT_KEY: AUDIT_KEY });
    assert.equal(config.env, 'production');
    assert.equal(config.sessionSecret, SECRET);
  });

  test('production never seeds the demo area, and refuses to be asked to', () => {
    assert.equal(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: SECRET, LANTERN_AUDIT_KEY: AUDIT_KEY }).seedDemo, false);
    assert.throws(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: SECRET, LANTERN_AUDIT_KEY: AUDIT_KEY, LANTERN_DEMO: 'true' }), /demo/i);
  });

  test('two-factor sign-in is required in production, optional elsewhere unless switched on', () => {
    assert.equal(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: SECRET, LANTERN_AUDIT_KEY: AUDIT_KEY }).requireTwoFactor, true);
    assert.equal(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: SECRET, LANTERN_AUDIT_KEY: AUDIT_KEY, LANTERN_REQUIRE_TWO_FACTOR: 'true' }).requireTwoFactor, true);
    assert.throws(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: SECRET, LANTERN_AUDIT_KEY: AUDIT_KEY, LANTERN_REQUIRE_TWO_FACTOR: 'false' }), /cannot be switched off/);
    assert.equal(loadConfig({ NODE_ENV: 'development' }).requireTwoFactor, false);
    assert.equal(loadConfig({ NODE_ENV: 'test', LANTERN_REQUIRE_TWO_FACTOR: 'true' }).requireTwoFactor, true);
    assert.throws(() => loadConfig({ NODE_ENV: 'test', LANTERN_REQUIRE_TWO_FACTOR: 'yes' }), /LANTERN_REQUIRE_TWO_FACTOR must be one of true, false/);
  });

  test('production refuses to start without an audit key, with a one-line message', () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: SECRET }),
      (error: Error) => error instanceof ConfigError && /^LANTERN_AUDIT_KEY or LANTERN_AUDIT_KEY_FILE must be set in production/.test(error.message) && !error.message.includes('\n'),
    );
    assert.throws(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: SECRET, LANTERN_AUDIT_KEY: 'too-short' }), /at least 32 characters/);
  });

  test('the audit key comes from LANTERN_AUDIT_KEY or a file, and outside production falls back to the public development key', () => {
    assert.deepEqual(
      [loadConfig({}).auditKey, loadConfig({}).auditKeySource],
      [DEVELOPMENT_AUDIT_KEY, 'development'],
    );
    const fromEnv = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: SECRET, LANTERN_AUDIT_KEY: AUDIT_KEY });
    assert.deepEqual([fromEnv.auditKey, fromEnv.auditKeySource], [AUDIT_KEY, 'environment']);
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-key-'));
    try {
      const file = path.join(folder, 'audit.key');
      fs.writeFileSync(file, `${'f'.repeat(48)}\n`);
      const fromFile = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: SECRET, LANTERN_AUDIT_KEY_FILE: file });
      assert.deepEqual([fromFile.auditKey, fromFile.auditKeySource], ['f'.repeat(48), 'file'], 'the trailing newline is not part of the key');
      assert.throws(() => loadConfig({ LANTERN_AUDIT_KEY_FILE: path.join(folder, 'missing.key') }), /LANTERN_AUDIT_KEY_FILE cannot be read \(ENOENT\)/);
      assert.throws(() => loadConfig({ LANTERN_AUDIT_KEY_FILE: file, LANTERN_AUDIT_KEY: AUDIT_KEY }), /not both/);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  test('DATABASE_MIGRATION_URL is the owner for migrations, and only makes sense beside DATABASE_URL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://lantern_web@db.example/lantern', DATABASE_MIGRATION_URL: 'postgres://lantern_owner@db.example/lantern' });
    assert.equal(config.databaseMigrationUrl, 'postgres://lantern_owner@db.example/lantern');
    assert.equal(loadConfig({ DATABASE_URL: 'postgres://u@db.example/lantern' }).databaseMigrationUrl, undefined);
    assert.throws(() => loadConfig({ DATABASE_MIGRATION_URL: 'postgres://lantern_owner@db.example/lantern' }), /DATABASE_MIGRATION_URL needs DATABASE_URL/);
    assert.throws(() => loadConfig({ DATABASE_URL: 'postgres://u@db.example/lantern', DATABASE_MIGRATION_URL: 'mysql://db.example' }), /^Error: DATABASE_MIGRATION_URL must start with postgres:/);
  });

  test('audit checkpoints go beside the embedded data folder, to ./audit-checkpoints for a server, or where LANTERN_AUDIT_CHECKPOINT_DIR says', () => {
    assert.equal(loadConfig({}).auditCheckpointDir, path.resolve('data-audit-checkpoints'));
    assert.equal(loadConfig({ LANTERN_DATA_DIR: '/var/lib/lantern/db' }).auditCheckpointDir, '/var/lib/lantern/db-audit-checkpoints');
    assert.equal(loadConfig({ DATABASE_URL: 'postgres://u@db.example/lantern' }).auditCheckpointDir, path.resolve('audit-checkpoints'));
    assert.equal(loadConfig({ LANTERN_AUDIT_CHECKPOINT_DIR: '/srv/checkpoints' }).auditCheckpointDir, '/srv/checkpoints');
    const test = loadConfig({ NODE_ENV: 'test' }).auditCheckpointDir;
    assert.ok(test.startsWith(os.tmpdir()), 'tests never write checkpoints into the working copy');
  });

  test('a port, log level, flag, environment name or address that is not valid stops start-up with the setting named', () => {
    const refused: [Record<string, string>, RegExp][] = [
      [{ PORT: 'abc' }, /^PORT must be a port number/],
      [{ PORT: '70000' }, /^PORT/],
      [{ PORT: '-1' }, /^PORT/],
      [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/],
      [{ TRUST_PROXY: 'yes' }, /^TRUST_PROXY must be one of true, false/],
      [{ LANTERN_DEMO: '1' }, /^LANTERN_DEMO/],
      [{ NODE_ENV: 'prod' }, /^NODE_ENV must be one of production, development, test/],
      [{ DATABASE_URL: 'not a url' }, /^DATABASE_URL must be a full address/],
      [{ DATABASE_URL: 'mysql://db.example/lantern' }, /^DATABASE_URL must start with postgres:/],
      [{ SMTP_URL: 'mail.example:25' }, /^SMTP_URL/],
      [{ PUBLIC_URL: 'lantern.example' }, /^PUBLIC_URL/],
    ];
    for (const [env, message] of refused) assert.throws(() => loadConfig(env), (error: Error) => error instanceof ConfigError && message.test(error.message), JSON.stringify(env));
    const accepted = loadConfig({ PORT: '0', LOG_LEVEL: 'debug', TRUST_PROXY: 'true', SMTP_URL: 'smtp://mail.example:587', PUBLIC_URL: 'https://lantern.example' });
    assert.deepEqual([accepted.port, accepted.logLevel, accepted.trustProxy, accepted.smtpUrl, accepted.publicUrl], [0, 'debug', true, 'smtp://mail.example:587', 'https://lantern.example']);
  });

  test('METRICS_TOKEN is optional, and when set must be at least 32 printable characters without spaces', () => {
    assert.equal(loadConfig({}).metricsToken, undefined);
    assert.equal(loadConfig({ METRICS_TOKEN: 'm'.repeat(32) }).metricsToken, 'm'.repeat(32));
    assert.throws(() => loadConfig({ METRICS_TOKEN: 'short' }), (error: Error) => error instanceof ConfigError && /^METRICS_TOKEN must be at least 32 characters long \(got 5\)$/.test(error.message));
    assert.throws(() => loadConfig({ METRICS_TOKEN: `${'m'.repeat(32)} x` }), (error: Error) => error instanceof ConfigError && /^METRICS_TOKEN must be printable/.test(error.message));
  });
});
