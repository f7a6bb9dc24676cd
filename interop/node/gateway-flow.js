#!/usr/bin/env node
'use strict';
/*
 * Interop driver: runs Alibaba's official Node.js device SDK
 * (alibabacloud-iot-device-sdk@1.2.8) as a GATEWAY through a fixed flow
 * against a plain-TCP MQTT endpoint and reports one JSON line per step on
 * stdout.
 *
 * Usage: node gateway-flow.js <config.json>
 * Exit code: 0 iff every step is ok, 1 otherwise (including usage errors and
 * the hard timeout).
 *
 * stdout carries ONLY the JSON lines written by this script; anything the SDK
 * or mqtt.js prints via console.* is redirected to stderr.
 */

require('./quiet-console');

const fs = require('fs');

const DEFAULT_STEP_TIMEOUT_MS = 10000;
const DEFAULT_HARD_TIMEOUT_MS = 60000;
const DEFAULT_CUSTOM_PAYLOAD = 'hello from alink-interop-node';

let failed = false;
let hardTimer = null;

function redact(value) {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    const out = {};
    for (const k of Object.keys(value)) {
      out[k] = /secret|password/i.test(k) ? '***' : redact(value[k]);
    }
    return out;
  }
  return value;
}

function emit(obj) {
  if (obj.ok !== true) failed = true;
  process.stdout.write(JSON.stringify(obj) + '\n');
}

function finish() {
  if (hardTimer) clearTimeout(hardTimer);
  const code = failed ? 1 : 0;
  // stdout is written synchronously for files and pipes on POSIX; exit now so
  // a lingering socket / reconnect timer can never keep the process alive.
  process.exit(code);
}

function fatal(step, err) {
  emit({ step, ok: false, error: String((err && err.message) || err) });
  finish();
}

// ---------------------------------------------------------------- config --
function loadConfig(argv) {
  if (argv.length !== 1) {
    throw new Error('usage: node gateway-flow.js <config.json>');
  }
  const cfg = JSON.parse(fs.readFileSync(argv[0], 'utf8'));
  const need = (cond, msg) => { if (!cond) throw new Error('invalid config: ' + msg); };
  const isTriple = (d) => d && typeof d.productKey === 'string' && typeof d.deviceName === 'string'
    && typeof d.deviceSecret === 'string';
  need(typeof cfg.host === 'string' && cfg.host.length > 0, 'host (string) required');
  need(Number.isInteger(cfg.port) && cfg.port > 0 && cfg.port < 65536, 'port (integer) required');
  need(isTriple(cfg.gateway), 'gateway {productKey,deviceName,deviceSecret} required');
  need(Array.isArray(cfg.subDevices) && cfg.subDevices.length >= 2 && cfg.subDevices.every(isTriple),
    'subDevices: at least 2 {productKey,deviceName,deviceSecret} required (sub[0] logs in, sub[1] is removed)');
  need(Array.isArray(cfg.register) && cfg.register.length >= 1
    && cfg.register.every((d) => d && typeof d.productKey === 'string' && typeof d.deviceName === 'string'),
    'register: at least 1 {productKey,deviceName} required');
  need(typeof cfg.customTopic === 'string' && cfg.customTopic.length > 0, 'customTopic (string) required');
  return {
    host: cfg.host,
    port: cfg.port,
    gateway: cfg.gateway,
    subDevices: cfg.subDevices,
    register: cfg.register,
    customTopic: cfg.customTopic,
    customPayload: typeof cfg.customPayload === 'string' ? cfg.customPayload : DEFAULT_CUSTOM_PAYLOAD,
    customQos: cfg.customQos === 0 ? 0 : 1,
    timeoutMs: Number.isInteger(cfg.timeoutMs) && cfg.timeoutMs > 0 ? cfg.timeoutMs : DEFAULT_STEP_TIMEOUT_MS,
    hardTimeoutMs: Number.isInteger(cfg.hardTimeoutMs) && cfg.hardTimeoutMs > 0
      ? cfg.hardTimeoutMs : DEFAULT_HARD_TIMEOUT_MS,
  };
}

const triple = (d) => ({ productKey: d.productKey, deviceName: d.deviceName, deviceSecret: d.deviceSecret });
const ident = (d) => ({ productKey: d.productKey, deviceName: d.deviceName });

// ------------------------------------------------------------------ main --
async function main() {
  let cfg;
  try {
    cfg = loadConfig(process.argv.slice(2));
  } catch (e) {
    return fatal('config', e);
  }

  hardTimer = setTimeout(() => {
    emit({ step: 'hardTimeout', ok: false, error: `flow did not finish within ${cfg.hardTimeoutMs} ms` });
    process.exit(1);
  }, cfg.hardTimeoutMs);

  const iot = require('alibabacloud-iot-device-sdk');
  const hostPart = cfg.host.includes(':') ? `[${cfg.host}]` : cfg.host;
  // A brokerUrl not starting with tls://, mqtts://, wss://, wxs://, alis://
  // makes the SDK use securemode=3 (plain TCP); the URL is passed verbatim to
  // mqtt.connect() (see lib/model.js init()).
  const gateway = iot.gateway(Object.assign(triple(cfg.gateway), {
    brokerUrl: `mqtt://${hostPart}:${cfg.port}`,
  }));
  const client = gateway.mqttClient;

  // Capture what the SDK puts on the wire (topic / id / method only: params
  // of addTopo and login carry HMAC signatures).
  let stepPublishes = [];
  client.on('packetsend', (packet) => {
    if (packet.cmd !== 'publish') return;
    const info = { topic: packet.topic };
    try {
      const body = JSON.parse(packet.payload.toString());
      if (body && typeof body === 'object') {
        info.id = body.id;
        info.method = body.method;
      }
    } catch (e) { /* non-JSON payload (custom topic) */ }
    stepPublishes.push(info);
  });
  // Thing re-emits mqtt events with the args wrapped in an array.
  gateway.on('error', (args) => console.error('[sdk] error:', args && args[0] && args[0].message));
  gateway.on('close', () => console.error('[sdk] connection closed'));
  gateway.on('offline', () => console.error('[sdk] offline'));
  gateway.on('reconnect', () => console.error('[sdk] reconnecting'));

  function withTimeout(name, executor) {
    return new Promise((resolve) => {
      let done = false;
      const settle = (v) => { if (!done) { done = true; clearTimeout(t); resolve(v); } };
      const t = setTimeout(() => settle({ timeout: true }), cfg.timeoutMs);
      try {
        executor(settle);
      } catch (e) {
        settle({ exception: e });
      }
    });
  }

  // Runs one SDK request/reply step. `invoke(cb)` must call the SDK method
  // with `cb` as its reply callback.
  async function replyStep(name, invoke, extra) {
    stepPublishes = [];
    const r = await withTimeout(name, (settle) => invoke((resp) => settle({ resp })));
    const line = { step: name };
    if (r.exception) {
      Object.assign(line, { ok: false, error: String(r.exception.message || r.exception) });
    } else if (r.timeout) {
      Object.assign(line, { ok: false, error: `no reply within ${cfg.timeoutMs} ms` });
    } else {
      const resp = r.resp || {};
      line.ok = resp.code === 200;
      line.code = resp.code;
      if (resp.message !== undefined) line.message = resp.message;
      line.data = redact(resp.data === undefined ? null : resp.data);
      if (!line.ok) line.error = `reply code ${JSON.stringify(resp.code)} (expected 200)`;
    }
    if (stepPublishes.length) line.request = stepPublishes[0];
    if (extra) Object.assign(line, extra);
    emit(line);
    return line;
  }

  // 1. connect ---------------------------------------------------------------
  {
    const r = await withTimeout('connect', (settle) => {
      if (gateway.connected) return settle({ connack: { returnCode: 0 } });
      gateway.once('connect', (args) => settle({ connack: args && args[0] }));
      gateway.once('error', (args) => settle({ error: args && args[0] }));
    });
    if (r.connack) {
      emit({ step: 'connect', ok: true, code: r.connack.returnCode, clientId: client.options.clientId,
        broker: `${cfg.host}:${cfg.port}` });
    } else {
      emit({ step: 'connect', ok: false, error: r.timeout ? `no CONNACK within ${cfg.timeoutMs} ms`
        : String((r.error && r.error.message) || r.error) });
      try { gateway.end(true); } catch (e) { /* ignore */ }
      return finish();
    }
  }

  const [sub1, sub2] = cfg.subDevices;
  let topoFinal;
  let subDevice = null;

  // 2. addTopo(all sub-devices) ---------------------------------------------
  await replyStep('addTopo', (cb) => gateway.addTopo(cfg.subDevices.map(triple), cb));
  // 3. getTopo -------------------------------------------------------------
  await replyStep('getTopo', (cb) => gateway.getTopo(cb));
  // 4. login(sub01) -- combine/login; returns a SubDevice sharing the gateway's MQTT client
  const login = await replyStep('login', (cb) => {
    subDevice = gateway.login(triple(sub1), cb);
    // login() emits 'error' on the sub-device when code !== 200; an unhandled
    // 'error' event would throw inside the SDK's message handler.
    subDevice.on('error', () => {});
  });
  // 5./6. sub-device property + event post (require a successful login: the
  // SDK subscribes the sub-device's reply topics only after login succeeds)
  if (login.ok) {
    await replyStep('subPostProps', (cb) => subDevice.postProps({ LightSwitch: 1 }, cb));
    await replyStep('subPostEvent', (cb) => subDevice.postEvent('lowpower', { power: 10 }, cb));
  } else {
    emit({ step: 'subPostProps', ok: false, skipped: true, error: 'skipped: login failed' });
    emit({ step: 'subPostEvent', ok: false, skipped: true, error: 'skipped: login failed' });
  }
  // 7. gateway's own property post -------------------------------------------
  await replyStep('gatewayPostProps', (cb) => gateway.postProps({ Temp: 21.5 }, cb));
  // 8. dynamic sub-device registration (SDK spelling: regiestSubDevice) ------
  await replyStep('registerSubDevice', (cb) => gateway.regiestSubDevice(cfg.register.map(ident), cb));
  // 9. plain payload on a custom topic ----------------------------------------
  {
    stepPublishes = [];
    const r = await withTimeout('customPublish', (settle) => {
      gateway.publish(cfg.customTopic, cfg.customPayload, { qos: cfg.customQos }, (err) => settle({ err }));
    });
    const line = { step: 'customPublish', topic: cfg.customTopic, qos: cfg.customQos };
    if (r.timeout) Object.assign(line, { ok: false, error: `publish not completed within ${cfg.timeoutMs} ms` });
    else if (r.exception) Object.assign(line, { ok: false, error: String(r.exception.message || r.exception) });
    else if (r.err) Object.assign(line, { ok: false, error: String(r.err.message || r.err) });
    else line.ok = true;
    emit(line);
  }
  // 10. logout(sub01) ----------------------------------------------------------
  await replyStep('logout', (cb) => gateway.logout(ident(sub1), cb));
  // 11. removeTopo(sub02) --------------------------------------------------------
  await replyStep('removeTopo', (cb) => gateway.removeTopo([ident(sub2)], cb));
  // 12. getTopo again ----------------------------------------------------------
  topoFinal = await replyStep('getTopoFinal', (cb) => gateway.getTopo(cb));
  // 13. disconnect -------------------------------------------------------------
  {
    const r = await withTimeout('disconnect', (settle) => gateway.end(false, () => settle({ ended: true })));
    emit(r.ended ? { step: 'disconnect', ok: true }
      : { step: 'disconnect', ok: false, error: r.timeout ? 'end() did not complete' : String(r.exception) });
  }

  emit({ step: 'summary', ok: !failed, finalTopo: topoFinal && topoFinal.ok ? topoFinal.data : null });
  finish();
}

process.on('uncaughtException', (e) => fatal('uncaughtException', e));
process.on('unhandledRejection', (e) => fatal('unhandledRejection', e));
main().catch((e) => fatal('internal', e));
