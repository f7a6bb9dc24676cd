#!/usr/bin/env node
'use strict';
/*
 * Interop driver: runs Alibaba's official Node.js device SDK
 * (alibabacloud-iot-device-sdk@1.2.8) as a DEVICE through its tags, remote
 * configuration and shadow calls and a sync service call against a plain-TCP MQTT endpoint, and
 * reports one JSON line per step on stdout. The cloud side's part (a new
 * configuration, a desired shadow state) is set through the emulator's admin
 * API at `adminUrl`.
 *
 * Usage: node device-features.js <config.json>
 * Exit code: 0 iff every step is ok, 1 otherwise.
 */

require('./quiet-console');

const fs = require('fs');
const http = require('http');
const crypto = require('crypto');

let failed = false;

function emit(obj) {
  if (obj.ok !== true) failed = true;
  process.stdout.write(JSON.stringify(obj) + '\n');
}

function loadConfig(argv) {
  if (argv.length !== 1) throw new Error('usage: node device-features.js <config.json>');
  const cfg = JSON.parse(fs.readFileSync(argv[0], 'utf8'));
  const d = cfg.device;
  if (typeof cfg.host !== 'string' || !Number.isInteger(cfg.port) || typeof cfg.adminUrl !== 'string'
    || !d || typeof d.productKey !== 'string' || typeof d.deviceName !== 'string'
    || typeof d.deviceSecret !== 'string') {
    throw new Error('invalid config: host, port, adminUrl and device {productKey,deviceName,deviceSecret} required');
  }
  return Object.assign({ timeoutMs: 10000, hardTimeoutMs: 60000 }, cfg);
}

/** Resolves with the first value `register(resolve)` delivers, or {timeout: true}. */
function within(ms, register) {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve({ timeout: true }), ms);
    register((value) => { clearTimeout(t); resolve({ value }); });
  });
}

/** An HTTP call to the emulator's admin API (or a download link): {status, body (Buffer)}. */
function request(method, url, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

function replyLine(step, r, extra) {
  if (r.timeout) return emit(Object.assign({ step, ok: false, error: 'no reply in time' }, extra));
  const res = r.value || {};
  emit(Object.assign({ step, ok: res.code === 200, code: res.code, data: res.data === undefined ? null : res.data },
    extra));
  return res;
}

async function main() {
  const cfg = loadConfig(process.argv.slice(2));
  setTimeout(() => { emit({ step: 'hardTimeout', ok: false }); process.exit(1); }, cfg.hardTimeoutMs);
  const iot = require('alibabacloud-iot-device-sdk');
  const d = cfg.device;
  const device = iot.device({ productKey: d.productKey, deviceName: d.deviceName, deviceSecret: d.deviceSecret,
    brokerUrl: `mqtt://${cfg.host}:${cfg.port}` });
  device.on('error', () => {});

  const connected = await within(cfg.timeoutMs, (done) => device.once('connect', () => done(true)));
  emit({ step: 'connect', ok: !connected.timeout });
  if (connected.timeout) process.exit(1);
  // the SDK subscribes its topics on connect; give the SUBACKs a moment before the cloud pushes
  await new Promise((r) => setTimeout(r, 500));

  // tags ------------------------------------------------------------------------------------------------------
  replyLine('postTags', await within(cfg.timeoutMs, (done) => device.postTags(
    [{ attrKey: 'vendor', attrValue: 'acme' }, { attrKey: 'model', attrValue: 'x1' }], done)));
  replyLine('deleteTags', await within(cfg.timeoutMs, (done) => device.deleteTags(['model'], done)));

  // remote configuration: the cloud pushes a new file, the device asks for it and downloads it --------------------
  const pushed = within(cfg.timeoutMs, (done) => device.onConfig(done));
  const put = await request('PUT', `${cfg.adminUrl}/api/products/${d.productKey}/config`, cfg.configFile);
  const push = await pushed;
  emit({ step: 'onConfig', ok: put.status === 200 && !push.timeout
    && push.value.method === 'thing.config.push' && typeof push.value.params.url === 'string',
    data: push.timeout ? null : push.value.params });
  const got = replyLine('getConfig', await within(cfg.timeoutMs, (done) => device.getConfig(done)));
  if (got && got.data && got.data.url) {
    const file = await request('GET', got.data.url);
    const sha256 = crypto.createHash('sha256').update(file.body).digest('hex');
    emit({ step: 'downloadConfig', ok: file.status === 200 && sha256 === got.data.sign
      && file.body.length === got.data.configSize, content: file.body.toString('utf8') });
  } else {
    emit({ step: 'downloadConfig', ok: false, error: 'getConfig gave no url' });
  }

  // shadow: every answer comes to the one onShadow callback, in order ------------------------------------------
  const answers = [];
  let waiter = null;
  device.onShadow((res) => { if (waiter) { const w = waiter; waiter = null; w(res); } else answers.push(res); });
  const next = () => within(cfg.timeoutMs, (done) => { if (answers.length) done(answers.shift()); else waiter = done; });
  const shadowLine = (step, r, ok) => emit({ step, ok: !r.timeout && ok(r.value), data: r.timeout ? null : r.value });

  device.postShadow({ color: 'red', size: 2 });
  shadowLine('postShadow', await next(), (m) => m.method === 'reply' && m.payload.status === 'success');
  device.getShadow();
  const shadow = await next();
  shadowLine('getShadow', shadow, (m) => m.payload.status === 'success' && m.payload.state.reported.color === 'red');
  device.deleteShadow('size');
  shadowLine('deleteShadow', await next(), (m) => m.payload.status === 'success');
  const version = Date.now() + 60000;
  const control = await request('PUT', `${cfg.adminUrl}/api/devices/${d.productKey}/${d.deviceName}/shadow`,
    JSON.stringify({ state: { desired: { color: 'green' } }, version }));
  shadowLine('onShadowControl', await next(), (m) => control.status === 200 && m.method === 'control'
    && m.payload.state.desired.color === 'green' && m.version === version);

  // a sync service call: the cloud waits (RRPC) for the answer the SDK sends on rrpc/response -------------------
  device.onService('reboot', (res, reply) => reply({ id: res.id, code: 200, data: { delay: res.params.delay } },
    'sync'));
  await new Promise((r) => setTimeout(r, 300));
  const sync = await request('POST',
    `${cfg.adminUrl}/api/devices/${d.productKey}/${d.deviceName}/services/reboot?sync=true&timeoutMs=8000`,
    JSON.stringify({ delay: 3 }));
  let answer = null;
  try { answer = JSON.parse(sync.body.toString('utf8')); } catch (e) { answer = null; }
  emit({ step: 'syncService', ok: sync.status === 200 && answer !== null && answer.code === 200
    && answer.data && answer.data.delay === 3, status: sync.status, data: answer });

  const ended = await within(cfg.timeoutMs, (done) => device.end(false, () => done(true)));
  emit({ step: 'disconnect', ok: !ended.timeout });
  emit({ step: 'summary', ok: !failed });
  process.exit(failed ? 1 : 0);
}

process.on('uncaughtException', (e) => { emit({ step: 'uncaughtException', ok: false, error: String(e) }); process.exit(1); });
main().catch((e) => { emit({ step: 'internal', ok: false, error: String(e && e.message || e) }); process.exit(1); });
