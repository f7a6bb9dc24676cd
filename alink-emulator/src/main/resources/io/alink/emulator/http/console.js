// The emulator's console: devices, topology, one device's view and actions, and the platform's event log, live
// through Server-Sent Events. Plain text only: every value goes through textContent, so device data never becomes
// markup.
'use strict';

const MAX_EVENTS = 500;
const SERVICE_TIMEOUT_MS = 10000;
const $ = id => document.getElementById(id);
const state = { devices: [], presence: {}, events: [], held: [], paused: false, selected: null, lastSeq: 0 };

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props || {});
  for (const child of children) {
    node.append(child instanceof Node ? child : String(child ?? ''));
  }
  return node;
}

async function api(method, path, body) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
  if (!response.ok) throw new Error((json && json.message) || method + ' ' + path + ': HTTP ' + response.status);
  return json;
}

const key = d => d.productKey + '/' + d.deviceName;
const devicePath = k => '/api/devices/' + k.split('/').map(encodeURIComponent).join('/');
const localTime = ms => ms ? new Date(ms).toLocaleString() : '—';

// ---- devices and topology ---------------------------------------------------------------------------------------

function deviceLink(k) {
  const [pk, dn] = k.split('/');
  return el('a', { href: '#device/' + encodeURIComponent(pk) + '/' + encodeURIComponent(dn) }, k);
}

function status(d) {
  if (!d.enabled) return el('span', { className: 'disabled' }, 'disabled');
  return el('span', { className: 'dot ' + (d.online ? 'on' : 'off') }, d.online ? 'online' : 'offline');
}

async function loadDevices() {
  const [devices, presence] = await Promise.all([api('GET', '/api/devices'), api('GET', '/api/presence')]);
  state.devices = devices;
  state.presence = Object.fromEntries(presence.map(p => [key(p), p.lastSeen]));
  $('devices').replaceChildren(...devices.map(d => el('tr', { id: 'device-row-' + key(d) },
    el('td', {}, deviceLink(key(d))), el('td', {}, d.nodeType.toLowerCase().replace('_', '-')),
    el('td', { className: 'status' }, status(d)), el('td', {}, localTime(state.presence[key(d)])),
    el('td', {}, d.gateway ? deviceLink(key(d.gateway)) : ''))));
  $('device-names').replaceChildren(...devices.map(d => el('option', { value: key(d) })));
  await loadTopology(devices.filter(d => d.nodeType === 'GATEWAY'));
  if (state.selected) await loadSelected();
}

async function loadTopology(gateways) {
  const details = await Promise.all(gateways.map(g => api('GET', devicePath(key(g)))));
  $('topology').replaceChildren(...details.map(g => el('li', {}, el('span', {}, status(g), ' '), deviceLink(key(g)),
    g.topo.length === 0 ? el('span', { className: 'note' }, ' (no sub-devices)')
      : el('ul', {}, ...g.topo.map(s => el('li', { className: 'sub' }, status({ enabled: true, online: s.online }),
        ' ', deviceLink(key(s))))))));
}

// at most one reload of the devices per REFRESH_MS however fast events come (a flood would starve a debounce)
const REFRESH_MS = 500;
let refreshTimer = null;
function scheduleRefresh() {
  if (refreshTimer !== null) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    loadDevices().catch(showProblem);
  }, REFRESH_MS);
}

// ---- one device -------------------------------------------------------------------------------------------------

function selectFromHash() {
  const match = /^#device\/([^/]+)\/([^/]+)$/.exec(location.hash);
  state.selected = match ? decodeURIComponent(match[1]) + '/' + decodeURIComponent(match[2]) : null;
  $('device-block').hidden = !state.selected;
  $('action-result').textContent = '';
  if (state.selected) {
    $('device-title').textContent = 'Device ' + state.selected;
    loadSelected().catch(showProblem);
  }
}

async function loadSelected() {
  const k = state.selected;
  const [device, properties, tags, events] = await Promise.all([api('GET', devicePath(k)),
    api('GET', devicePath(k) + '/properties'), api('GET', devicePath(k) + '/tags'),
    api('GET', '/api/events?limit=200&device=' + encodeURIComponent(k))]);
  if (k !== state.selected) return;
  $('device-state').replaceChildren(status(device), ' · ' + device.nodeType.toLowerCase().replace('_', '-'),
    device.gateway ? ' · logged in through ' + key(device.gateway) : '',
    ' · last seen ' + localTime(state.presence[k]));
  $('toggle-enabled').textContent = device.enabled ? 'Disable device' : 'Enable device';
  $('toggle-enabled').dataset.enabled = device.enabled;
  $('device-properties').replaceChildren(...Object.entries(properties).map(([id, p]) =>
    el('tr', {}, el('td', {}, id), el('td', { className: 'topic' }, JSON.stringify(p.value)),
      el('td', { className: 'time' }, localTime(p.time)))));
  $('device-tags').replaceChildren(...Object.entries(tags).map(([k2, v]) => el('tr', {}, el('td', {}, k2),
    el('td', {}, v))));
  const isGateway = device.nodeType === 'GATEWAY';
  $('device-topology').hidden = !isGateway;
  if (isGateway) {
    $('device-subs').replaceChildren(...device.topo.map(s => el('li', {}, status({ enabled: true, online: s.online }),
      ' ', deviceLink(key(s)), ' ', el('button', { type: 'button', onclick: () => removeSub(key(s)) },
        'Remove ' + key(s) + ' from topology'))));
  }
  const messages = events.filter(e => e.kind === 'MESSAGE_UP' || e.kind === 'MESSAGE_DOWN').reverse();
  $('device-messages').replaceChildren(...messages.map(eventItem));
}

function parseParams(textareaId) {
  try {
    const value = JSON.parse($(textareaId).value || '{}');
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
    return value;
  } catch (e) {
    throw new Error('The params are not a JSON object: ' + e.message);
  }
}

async function act(label, work) {
  const out = $('action-result');
  out.textContent = label + '…';
  try {
    const answer = await work();
    out.textContent = label + ': ' + (answer == null ? 'done' : JSON.stringify(answer, null, 2));
  } catch (e) {
    out.textContent = label + ' failed: ' + e.message;
  }
  scheduleRefresh();
}

function invokeService(event) {
  event.preventDefault();
  const identifier = $('service-identifier').value.trim();
  act('Reply to ' + identifier, async () => api('POST', devicePath(state.selected) + '/services/'
    + encodeURIComponent(identifier) + '?timeoutMs=' + SERVICE_TIMEOUT_MS, parseParams('service-params')));
}

function setProperties(event) {
  event.preventDefault();
  act('Reply to property set', async () => api('POST', devicePath(state.selected) + '/properties?timeoutMs='
    + SERVICE_TIMEOUT_MS, parseParams('properties-params')));
}

function toggleEnabled() {
  const enable = $('toggle-enabled').dataset.enabled !== 'true';
  act(enable ? 'Enable' : 'Disable', () => api('POST', devicePath(state.selected) + (enable ? '/enable' : '/disable')));
}

function addSub(event) {
  event.preventDefault();
  const sub = { productKey: $('topo-pk').value.trim(), deviceName: $('topo-dn').value.trim() };
  act('Add ' + key(sub) + ' to topology', () => api('POST', devicePath(state.selected) + '/topo', sub));
}

function removeSub(sub) {
  act('Remove ' + sub + ' from topology', () => api('DELETE', devicePath(state.selected) + '/topo/'
    + sub.split('/').map(encodeURIComponent).join('/')));
}

// ---- the event log ----------------------------------------------------------------------------------------------

const KIND_LABELS = {
  CONNECT_ACCEPTED: 'connect accepted', CONNECT_REFUSED: 'connect refused', DISCONNECTED: 'disconnected',
  LOGIN_REFUSED: 'login refused', RATE_LIMITED: 'rate limited', REQUEST_REFUSED: 'request refused',
  SUBSCRIBE_DENIED: 'subscribe denied', PUBLISH_DENIED: 'publish denied', MESSAGE_UP: 'device → cloud',
  MESSAGE_DOWN: 'cloud → device'
};

function kindClass(kind) {
  if (kind === 'MESSAGE_UP') return 'up';
  if (kind === 'MESSAGE_DOWN') return 'down';
  return /REFUSED|DENIED|LIMITED/.test(kind) ? 'refused' : '';
}

function pretty(e) {
  if (e.payload === undefined && e.payloadBytes) {
    return 'A payload of ' + e.payloadBytes + ' bytes: too large for the event log (device-to-cloud ones are in'
      + ' /api/messages).';
  }
  if (e.payload === undefined) return JSON.stringify(e, null, 2);
  if (e.payloadEncoding === 'base64') return 'base64: ' + e.payload;
  try { return JSON.stringify(JSON.parse(e.payload), null, 2); } catch (err) { return e.payload; }
}

function eventItem(e) {
  const summary = el('summary', {}, el('span', { className: 'time' }, localTime(e.time)),
    el('span', { className: 'kind ' + kindClass(e.kind) }, KIND_LABELS[e.kind] || e.kind),
    el('span', {}, e.productKey ? e.productKey + '/' + e.deviceName : ''),
    el('span', { className: 'topic' }, e.topic || ''),
    el('span', { className: 'reason' }, [e.code, e.reason].filter(Boolean).join(' · ')));
  const details = el('details', {}, summary);
  // pretty-printed on first opening only: most events are never opened
  details.addEventListener('toggle', () => {
    if (details.open && !details.querySelector('pre')) details.append(el('pre', { className: 'payload' }, pretty(e)));
  });
  return el('li', { className: 'event' }, details);
}

function matchesFilters(e) {
  const device = $('filter-device').value.trim();
  const topic = $('filter-topic').value.trim();
  return (!device || (e.productKey && (e.productKey + '/' + e.deviceName).includes(device)))
    && (!topic || (e.topic && e.topic.includes(topic)));
}

function renderEvents() {
  $('events').replaceChildren(...state.events.filter(matchesFilters).map(eventItem));
}

function apply(e) {
  state.events.unshift(e);
  if (state.events.length > MAX_EVENTS) state.events.length = MAX_EVENTS;
  if (matchesFilters(e)) {
    $('events').prepend(eventItem(e));
    while ($('events').children.length > MAX_EVENTS) $('events').lastChild.remove();
  }
  if (state.selected && e.productKey && e.productKey + '/' + e.deviceName === state.selected
      && (e.kind === 'MESSAGE_UP' || e.kind === 'MESSAGE_DOWN')) {
    $('device-messages').prepend(eventItem(e));
  }
  // for the page's other blocks (ota.js), which follow the same stream
  document.dispatchEvent(new CustomEvent('platform-event', { detail: e }));
  scheduleRefresh();
}

function receive(e) {
  if (e.seq <= state.lastSeq) return;
  state.lastSeq = e.seq;
  if (state.paused) {
    state.held.push(e);
    $('paused-note').textContent = 'Paused: ' + state.held.length + ' new events held back.';
    return;
  }
  apply(e);
}

function togglePause() {
  state.paused = !state.paused;
  $('pause').setAttribute('aria-pressed', String(state.paused));
  $('pause').textContent = state.paused ? 'Resume' : 'Pause';
  $('paused-note').hidden = !state.paused;
  $('paused-note').textContent = 'Paused: 0 new events held back.';
  if (!state.paused) {
    state.held.splice(0).forEach(apply);
  }
}

function setLive(text) {
  $('live').textContent = text;
}

function showProblem(e) {
  setLive('problem: ' + e.message);
}

function follow() {
  // from the last event loaded: the server replays what came in between, and a reconnect sends Last-Event-ID
  const source = new EventSource('/api/stream?since=' + state.lastSeq);
  source.onopen = () => setLive('live');
  source.onerror = () => setLive('reconnecting…');
  source.addEventListener('platform', message => receive(JSON.parse(message.data)));
}

async function start() {
  $('pause').addEventListener('click', togglePause);
  $('service-form').addEventListener('submit', invokeService);
  $('properties-form').addEventListener('submit', setProperties);
  $('toggle-enabled').addEventListener('click', toggleEnabled);
  $('topo-form').addEventListener('submit', addSub);
  $('event-filters').addEventListener('input', renderEvents);
  $('event-filters').addEventListener('submit', event => event.preventDefault());
  window.addEventListener('hashchange', selectFromHash);
  try {
    const events = await api('GET', '/api/events?limit=' + MAX_EVENTS);
    state.events = events.reverse();
    state.lastSeq = events.length ? events[0].seq : 0;
    renderEvents();
    await loadDevices();
  } catch (e) {
    showProblem(e);
  }
  selectFromHash();
  follow();
}

start();
