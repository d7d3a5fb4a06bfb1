// The review queue and the agreement panel. Uses api(), el(), probabilityBars() and evidenceMap() from app.js.
// A reviewer works from the keyboard: c / Enter confirm, 1-4 correct, n next. Notes go only to the API.
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
  const map = document.getElementById('review-map');
  map.replaceChildren();
  if (prediction.evidence) map.appendChild(evidenceMap(prediction.evidence));
  document.getElementById('review-note').value = '';
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
document.querySelectorAll('#review-actions button[data-label]').forEach(button =>
  button.addEventListener('click', () => submitReview(button.dataset.label)));
['review-filter-label', 'review-filter-version', 'review-spot-checks'].forEach(id =>
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
});

keyInput.addEventListener('change', () => { loadQueue(); loadAgreement(); });
loadQueue();
loadAgreement();
setInterval(loadQueue, 5000);
setInterval(loadAgreement, 15000);
