// OCTFlow gateway page: plain JavaScript, no build step. Everything shown goes through textContent, never innerHTML.
'use strict';

const keyInput = document.getElementById('api-key');
const message = document.getElementById('message');
let currentBatch = null;
let fileNames = [];

// The key lives as long as the tab (sessionStorage), never on disk past it; a key an older page left in
// localStorage is removed.
localStorage.removeItem('octflow-api-key');
keyInput.value = sessionStorage.getItem('octflow-api-key') || '';
keyInput.addEventListener('change', () => { sessionStorage.setItem('octflow-api-key', keyInput.value.trim()); refresh(); });

function api(path, options = {}) {
  const headers = Object.assign({ 'X-API-Key': keyInput.value.trim() }, options.headers || {});
  return fetch(path, Object.assign({}, options, { headers })).then(async response => {
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Error(body.message || (response.status + ' ' + response.statusText));
    }
    return body;
  });
}

function say(text, isError) {
  message.textContent = text;
  message.className = isError ? 'error' : '';
}

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function probabilityBars(probabilities) {
  const box = el('div', null, 'bars');
  (probabilities || []).forEach(p => {
    box.appendChild(el('span', p.label));
    const bar = el('div', null, 'bar');
    const fill = el('span');
    fill.style.width = Math.round(p.probability * 100) + '%';
    bar.appendChild(fill);
    box.appendChild(bar);
    box.appendChild(el('span', (p.probability * 100).toFixed(1) + '%'));
  });
  return box;
}

// The model's class activation map of the predicted class, drawn as a small heatmap over the (centre-cropped, square)
// scan: brighter red where the model found more evidence. Scaled to the map's own range, so it shows where, not how much.
function evidenceMap(evidence) {
  const scale = 8;
  const canvas = el('canvas', null, 'evidence');
  canvas.width = evidence.width * scale;
  canvas.height = evidence.height * scale;
  canvas.dataset.label = evidence.label;
  canvas.title = 'Where the model found the evidence for ' + evidence.label + ' (class activation map, '
    + evidence.height + 'x' + evidence.width + ' over the centre-cropped scan)';
  const values = evidence.values;
  const min = Math.min(...values);
  const range = (Math.max(...values) - min) || 1;
  const g = canvas.getContext('2d');
  values.forEach((v, i) => {
    const t = (v - min) / range;
    g.fillStyle = `rgb(${Math.round(40 + 215 * t)}, ${Math.round(40 * (1 - t))}, ${Math.round(60 * (1 - t))})`;
    g.fillRect((i % evidence.width) * scale, Math.floor(i / evidence.width) * scale, scale, scale);
  });
  return canvas;
}

async function upload(files) {
  const images = Array.from(files);
  if (images.length === 0) return;
  const form = new FormData();
  images.forEach(file => form.append('scan', file, file.name));
  say('Uploading ' + images.length + ' scan(s)…');
  try {
    const accepted = await api('/api/v1/scans', { method: 'POST', body: form });
    fileNames = images.map(file => file.name);
    currentBatch = accepted.batchId;
    document.getElementById('batch').hidden = false;
    document.getElementById('batch-id').textContent = accepted.batchId;
    say('Accepted ' + accepted.scanIds.length + ' scan(s); waiting for predictions.');
    pollBatch();
  } catch (e) {
    say('Not accepted: ' + e.message, true);
  }
}

async function pollBatch() {
  if (!currentBatch) return;
  const batchId = currentBatch;
  try {
    const batch = await api('/api/v1/batches/' + encodeURIComponent(batchId));
    if (batchId !== currentBatch) return;
    renderBatch(batch);
    if (!batch.complete) {
      setTimeout(pollBatch, 1000);
    } else {
      say('Batch complete.');
      refresh();
    }
  } catch (e) {
    say('Could not read the batch: ' + e.message, true);
    setTimeout(pollBatch, 3000);
  }
}

function renderBatch(batch) {
  const progress = document.getElementById('batch-progress');
  progress.max = batch.total;
  progress.value = batch.total - batch.pending;
  document.getElementById('batch-summary').textContent =
    `${batch.total - batch.pending} of ${batch.total} done (${batch.done} DONE, ${batch.review} REVIEW, ${batch.failed} FAILED)`;
  const body = document.getElementById('batch-scans');
  body.replaceChildren();
  batch.scans.forEach(scan => {
    const row = el('tr');
    row.dataset.scanId = scan.scanId;
    row.appendChild(el('td', String(scan.position + 1)));
    row.appendChild(el('td', fileNames[scan.position] || scan.scanId));
    row.appendChild(el('td', scan.status, 'status status-' + scan.status));
    row.appendChild(el('td', scan.prediction ? scan.prediction.label : (scan.errorReason || ''), 'label'));
    const bars = el('td');
    if (scan.prediction) bars.appendChild(probabilityBars(scan.prediction.probabilities));
    row.appendChild(bars);
    const evidence = el('td');
    if (scan.prediction && scan.prediction.evidence) evidence.appendChild(evidenceMap(scan.prediction.evidence));
    row.appendChild(evidence);
    body.appendChild(row);
  });
}

async function refresh() {
  if (!keyInput.value.trim()) {
    say('Enter an API key to submit scans and see predictions.');
    return;
  }
  try {
    const [page, counts] = await Promise.all([
      api('/api/v1/predictions?size=20&sort=-storedAt'),
      api('/api/v1/stats/labels')]);
    const body = document.getElementById('recent-predictions');
    body.replaceChildren();
    page.items.forEach(p => {
      const row = el('tr');
      row.appendChild(el('td', new Date(p.predictedAt).toLocaleString()));
      row.appendChild(el('td', p.scanId.substring(0, 8)));
      row.appendChild(el('td', p.status, 'status status-' + p.status));
      row.appendChild(el('td', p.label, 'label'));
      const bars = el('td');
      bars.appendChild(probabilityBars(p.probabilities));
      row.appendChild(bars);
      row.appendChild(el('td', p.model.name + ' ' + p.model.version));
      body.appendChild(row);
    });
    const list = document.getElementById('label-counts');
    list.replaceChildren();
    counts.labels.forEach(c => list.appendChild(el('li', c.label + ': ' + c.count)));
    Object.entries(counts.scansByStatus).forEach(([status, n]) =>
      list.appendChild(el('li', status + ' scans: ' + n, 'status-' + status)));
    if (counts.unreadableRecords > 0) {
      list.appendChild(el('li', 'unreadable records (no ScanBatch): ' + counts.unreadableRecords, 'status-FAILED'));
    }
  } catch (e) {
    say(e.message, true);
  }
}

const zone = document.getElementById('drop-zone');
const input = document.getElementById('files');
input.addEventListener('change', () => { upload(input.files); input.value = ''; });
zone.addEventListener('dragover', e => { e.preventDefault(); zone.classList.add('over'); });
zone.addEventListener('dragleave', () => zone.classList.remove('over'));
zone.addEventListener('drop', e => { e.preventDefault(); zone.classList.remove('over'); upload(e.dataTransfer.files); });

refresh();
setInterval(refresh, 5000);
