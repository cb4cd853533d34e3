// A line chart of rows/s over time on a <canvas>, from samples the page took while open.

const WINDOW_MS = 10 * 60 * 1000;
const MAX_SAMPLES = 800;

/** Samples of one run: {t: epoch ms, v: rows/s}, the last ten minutes at most. */
export class Samples {
  constructor() {
    this.points = [];
  }

  add(t, v) {
    if (typeof v !== 'number' || Number.isNaN(v)) {
      return;
    }
    this.points.push({ t, v });
    const oldest = t - WINDOW_MS;
    while (this.points.length > MAX_SAMPLES || (this.points.length && this.points[0].t < oldest)) {
      this.points.shift();
    }
  }
}

function niceMax(value) {
  if (value <= 0) {
    return 10;
  }
  const magnitude = Math.pow(10, Math.floor(Math.log10(value)));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * magnitude >= value) {
      return step * magnitude;
    }
  }
  return 10 * magnitude;
}

export function formatRate(v) {
  if (v >= 1e6) return (v / 1e6).toFixed(1) + 'M';
  if (v >= 1e3) return (v / 1e3).toFixed(v >= 1e4 ? 0 : 1) + 'k';
  return String(Math.round(v));
}

export function drawChart(canvas, samples, now) {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || 600;
  const height = canvas.clientHeight || 180;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  const g = canvas.getContext('2d');
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, width, height);
  const left = 52, right = 12, top = 12, bottom = 24;
  const plotW = width - left - right, plotH = height - top - bottom;
  const points = samples.points;
  const max = niceMax(Math.max(0, ...points.map(p => p.v)) * 1.1);
  const span = Math.max(60000, points.length ? now - points[0].t : 0);
  const x = t => left + plotW * (1 - (now - t) / span);
  const y = v => top + plotH * (1 - v / max);

  g.font = '11px system-ui, sans-serif';
  g.fillStyle = '#5b6472';
  g.strokeStyle = '#e3e7ee';
  g.lineWidth = 1;
  g.textAlign = 'right';
  g.textBaseline = 'middle';
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4;
    g.beginPath();
    g.moveTo(left, Math.round(y(v)) + 0.5);
    g.lineTo(left + plotW, Math.round(y(v)) + 0.5);
    g.stroke();
    g.fillText(formatRate(v), left - 6, y(v));
  }
  g.textAlign = 'center';
  g.textBaseline = 'top';
  for (let i = 0; i <= 4; i++) {
    const ago = (span * (4 - i)) / 4;
    g.fillText(ago === 0 ? 'now' : '-' + Math.round(ago / 1000) + ' s', left + (plotW * i) / 4, top + plotH + 6);
  }
  if (points.length < 2) {
    g.fillText(points.length ? 'collecting samples…' : 'no samples yet', left + plotW / 2, top + plotH / 2);
    return;
  }
  g.beginPath();
  points.forEach((p, i) => (i ? g.lineTo(x(p.t), y(p.v)) : g.moveTo(x(p.t), y(p.v))));
  g.lineTo(x(points[points.length - 1].t), y(0));
  g.lineTo(x(points[0].t), y(0));
  g.closePath();
  g.fillStyle = 'rgba(47, 111, 223, 0.15)';
  g.fill();
  g.beginPath();
  points.forEach((p, i) => (i ? g.lineTo(x(p.t), y(p.v)) : g.moveTo(x(p.t), y(p.v))));
  g.strokeStyle = '#2f6fdf';
  g.lineWidth = 2;
  g.stroke();
}
