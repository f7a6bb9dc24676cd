// The console's OTA jobs: loaded once, then again whenever an OTA message passes on the platform's live stream
// (console.js hands each event on as a 'platform-event'). Plain text only, as in console.js.
'use strict';

(() => {
  const body = document.getElementById('ota-jobs');
  let pending = null;

  function cell(text) {
    const td = document.createElement('td');
    td.textContent = String(text);
    return td;
  }

  function deviceState(d) {
    const step = d.step === null || d.step === undefined ? '' : ' (' + d.step + (d.desc ? ' ' + d.desc : '') + ')';
    return d.productKey + '/' + d.deviceName + ': ' + d.state + step;
  }

  async function load() {
    pending = null;
    try {
      const response = await fetch('/api/ota/jobs');
      if (!response.ok) return;
      const jobs = await response.json();
      body.replaceChildren(...jobs.map(job => {
        const tr = document.createElement('tr');
        tr.append(cell(job.id), cell(job.firmwareId + ' (' + job.productKey + ', ' + job.module + ')'),
          cell(job.version), cell(job.devices.map(deviceState).join(', ') || '(none)'));
        return tr;
      }));
    } catch (e) {
      // the page's status line reports an unreachable emulator
    }
  }

  document.addEventListener('platform-event', event => {
    const topic = event.detail.topic || '';
    if (topic.includes('/ota/') && pending === null) {
      pending = setTimeout(load, 300);
    }
  });
  load();
})();
