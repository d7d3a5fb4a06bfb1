// The review queue and the agreement panel. Uses api(), el() and probabilityBars() from app.js.
// A reviewer works from the keyboard: c / Enter confirm, 1-4 correct, n next, m map. Notes go only to the API.
'use strict';

const LABELS = ['CNV', 'DME', 'DRUSEN', 'NORMAL'];
const reviewMessage = document.getElementById('review-message');
let queue = [];
let current = null;
const skipped = new Set();

function sayReview(text, isError) {
  reviewMessage.textContent = text;
  reviewMessage.className = isError ? 'error' : '';
}

function queuePath() {
  const params = new URLSearchParams({ size: '50' });
  const label = document.getElementById('review-filter-label').value;
  const version = document.getElementById('review-filter-version').value.trim();
  if (label) params.set('label', label);
  if (version) params.set('modelVersion', version);
  // The scan's "site" and "device" metadata values, matched exactly.
  for (const name of ['site', 'device']) {
    const value = document.getElementById('review-filter-' + name).value.trim();
    if (value) params.set(name, value);
  }
  if (document.getElementById('review-spot-checks').checked) params.set('spotChecks', 'true');
  return '/api/v1/reviews/queue?' + params;
}

async function loadQueue() {
  if (!keyInput.value.trim()) return;
  try {
    const page = await api(queuePath());
    queue = page.items.filter(p => !skipped.has(p.scanId));
    document.getElementById('review-left').textContent = page.totalItems + ' scan(s) waiting';
    if (!current || !queue.some(p => p.scanId === current.scanId)) show(queue[0] || null);
  } catch (e) {
    sayReview(e.message, true);
  }
}

function show(prediction) {
  current = prediction;
  const box = document.getElementById('review-current');
  box.hidden = !prediction;
  if (!prediction) {
    sayReview('Nothing waits for review.');
    return;
  }
  document.getElementById('review-scan').textContent = prediction.scanId;
  document.getElementById('review-predicted-at').textContent = new Date(prediction.predictedAt).toLocaleString();
  document.getElementById('review-model').textContent = prediction.model.name + ' ' + prediction.model.version;
  document.getElementById('review-sha').textContent = prediction.model.sha256.substring(0, 12);
  document.getElementById('review-label').textContent = prediction.label + ' ('
    + (prediction.topProbability * 100).toFixed(1) + '%, ' + prediction.status + ')';
  document.getElementById('review-bars').replaceChildren(probabilityBars(prediction.probabilities));
  document.getElementById('review-note').value = '';
  showPreview(prediction);
}

// The scan as sent (a small JPEG; reader and reviewer keys only), with the evidence map laid over the centre square
// the model sees. The image comes through fetch (it needs the key header) and is shown as a data: URL.
async function showPreview(prediction) {
  const img = document.getElementById('review-preview');
  const overlay = document.getElementById('review-overlay');
  const note = document.getElementById('review-figure-note');
  const figure = document.getElementById('review-figure');
  img.removeAttribute('src');
  img.hidden = false;
  figure.classList.remove('no-preview');
  overlay.hidden = true;
  note.textContent = '';
  try {
    const response = await fetch('/api/v1/scans/' + encodeURIComponent(prediction.scanId) + '/preview',
      { headers: { 'X-API-Key': keyInput.value.trim() } });
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      throw new Error(body.message || response.status + ' ' + response.statusText);
    }
    const url = await new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.onerror = () => reject(reader.error);
      response.blob().then(blob => reader.readAsDataURL(blob), reject);
    });
    if (!current || current.scanId !== prediction.scanId) return;
    img.onload = () => drawOverlay(prediction.evidence, img.naturalWidth, img.naturalHeight);
    img.src = url;
  } catch (e) {
    if (!current || current.scanId !== prediction.scanId) return;
    img.hidden = true;
    figure.classList.add('no-preview');
    note.textContent = 'No preview: ' + e.message;
    drawOverlay(prediction.evidence, 1, 1);
  }
}

function drawOverlay(evidence, width, height) {
  const overlay = document.getElementById('review-overlay');
  if (!evidence) { overlay.hidden = true; return; }
  const side = Math.min(width, height);
  overlay.style.left = ((width - side) / 2 / width * 100) + '%';
  overlay.style.top = ((height - side) / 2 / height * 100) + '%';
  overlay.style.width = (side / width * 100) + '%';
  overlay.style.height = (side / height * 100) + '%';
  overlay.width = evidence.width;
  overlay.height = evidence.height;
  const values = evidence.values;
  const min = Math.min(...values);
  const range = (Math.max(...values) - min) || 1;
  const g = overlay.getContext('2d');
  g.clearRect(0, 0, overlay.width, overlay.height);
  values.forEach((v, i) => {
    const t = (v - min) / range;
    g.fillStyle = `rgba(255, 0, 0, ${t.toFixed(3)})`;
    g.fillRect(i % evidence.width, Math.floor(i / evidence.width), 1, 1);
  });
  overlay.dataset.label = evidence.label;
  applyMapSettings();
}

function applyMapSettings() {
  const overlay = document.getElementById('review-overlay');
  const on = document.getElementById('review-map-toggle').checked;
  overlay.hidden = !on || !current || !current.evidence;
  overlay.style.opacity = document.getElementById('review-map-opacity').value / 100;
}

async function submitReview(label) {
  if (!current) return;
  const scanId = current.scanId;
  const body = { label };
  const note = document.getElementById('review-note').value.trim();
  const reviewer = document.getElementById('review-reviewer').value.trim();
  if (note) body.note = note;
  if (reviewer) body.reviewer = reviewer;
  try {
    const review = await api('/api/v1/scans/' + encodeURIComponent(scanId) + '/reviews', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    sayReview((review.agrees ? 'Confirmed ' : 'Corrected to ') + review.finalLabel + ': ' + scanId.substring(0, 8));
    next();
    loadAgreement();
  } catch (e) {
    sayReview('Not recorded: ' + e.message, true);
  }
}

function next() {
  if (current) skipped.add(current.scanId);
  queue = queue.filter(p => !skipped.has(p.scanId));
  show(queue[0] || null);
  if (queue.length < 5) loadQueue();
}

function share(p) {
  if (!p || p.share === null || p.share === undefined) return '–';
  return `${(p.share * 100).toFixed(0)}% (${p.count}/${p.of}; 95% ${(p.low * 100).toFixed(0)}–${(p.high * 100).toFixed(0)}%)`;
}

async function loadAgreement() {
  if (!keyInput.value.trim()) return;
  try {
    const models = await api('/api/v1/reviews/agreement');
    const body = document.getElementById('agreement-rows');
    body.replaceChildren();
    models.forEach(m => {
      const row = el('tr');
      row.appendChild(el('td', m.modelName + ' ' + m.modelVersion));
      row.appendChild(el('td', share(m.reviewShare)));
      row.appendChild(el('td', share(m.reviewed)));
      row.appendChild(el('td', share(m.agreement)));
      row.appendChild(el('td', share(m.spotCheckAccuracy)));
      body.appendChild(row);
    });
  } catch (e) {
    sayReview(e.message, true);
  }
}

document.getElementById('review-confirm').addEventListener('click', () => current && submitReview(current.label));
document.getElementById('review-next').addEventListener('click', next);
document.getElementById('review-map-toggle').addEventListener('change', applyMapSettings);
document.getElementById('review-map-opacity').addEventListener('input', applyMapSettings);
document.querySelectorAll('#review-actions button[data-label]').forEach(button =>
  button.addEventListener('click', () => submitReview(button.dataset.label)));
['review-filter-label', 'review-filter-version', 'review-filter-site', 'review-filter-device', 'review-spot-checks']
  .forEach(id =>
  document.getElementById(id).addEventListener('change', () => { skipped.clear(); current = null; loadQueue(); }));

// Shortcuts act only while a scan is shown and the reviewer is not typing in a field.
document.addEventListener('keydown', e => {
  if (!current || e.ctrlKey || e.metaKey || e.altKey) return;
  const focused = document.activeElement.tagName;
  if (['INPUT', 'TEXTAREA', 'SELECT'].includes(focused)) return;
  if (e.key === 'Enter' && focused === 'BUTTON') return; // the button's own click answers it
  const index = ['1', '2', '3', '4'].indexOf(e.key);
  if (index >= 0) { e.preventDefault(); submitReview(LABELS[index]); }
  else if (e.key === 'c' || e.key === 'Enter') { e.preventDefault(); submitReview(current.label); }
  else if (e.key === 'n') { e.preventDefault(); next(); }
  else if (e.key === 'm') {
    e.preventDefault();
    const toggle = document.getElementById('review-map-toggle');
    toggle.checked = !toggle.checked;
    applyMapSettings();
  }
});

keyInput.addEventListener('change', () => { loadQueue(); loadAgreement(); });
loadQueue();
loadAgreement();
setInterval(loadQueue, 5000);
setInterval(loadAgreement, 15000);
