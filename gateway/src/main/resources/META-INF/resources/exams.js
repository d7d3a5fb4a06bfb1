// The exams panel: each recent exam's result per eye, and its B-scans in order. Uses api() and el() from app.js.
'use strict';

async function loadExams() {
  if (!keyInput.value.trim()) return;
  try {
    const page = await api('/api/v1/exams?size=20');
    const body = document.getElementById('exam-rows');
    body.replaceChildren();
    page.items.forEach(summary => summary.exam.eyes.forEach(eye => {
      const row = el('tr');
      row.dataset.examId = summary.examId;
      row.appendChild(el('td', summary.examId));
      row.appendChild(el('td', eye.laterality || '–'));
      const result = eye.result;
      row.appendChild(el('td', (result.label ? result.label + ' ' : '') + result.status,
        'exam-result status-' + result.status));
      row.appendChild(el('td', result.why + (result.decidedBy ? ' (' + result.decidedBy.substring(0, 8) + ')' : '')));
      row.appendChild(el('td', eye.bScans.map(b =>
        (b.finalLabel || b.modelLabel || b.status) + (b.finalLabel ? '*' : '')).join(', ')));
      body.appendChild(row);
    }));
  } catch (e) {
    // The review panel and the page's message already say what is wrong with the key or the gateway.
  }
}

keyInput.addEventListener('change', loadExams);
loadExams();
setInterval(loadExams, 5000);
