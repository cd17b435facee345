/*
 * The coordinator dashboard's charts, drawn here as plain inline SVG (no chart library, nothing
 * downloaded). Every chart is a table first: the label and the count are text that a screen reader
 * reads and a narrow screen wraps; the bar is decoration beside the number (aria-hidden).
 * Colours come from tab.css (classes), so the charts follow the Teams theme.
 */
'use strict';
(function (root) {
  const SVG = 'http://www.w3.org/2000/svg';

  function el(name, className, text) {
    const node = document.createElement(name);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function svg(name, attrs) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    return node;
  }

  /** An SVG strip 100 units wide; the caller adds rectangles in those units. */
  function strip() {
    return svg('svg', { viewBox: '0 0 100 10', preserveAspectRatio: 'none', class: 'bar-svg', 'aria-hidden': 'true', focusable: 'false' });
  }

  /** One horizontal bar per row, as long as its count is to the largest. */
  function barChart(chart, noneText) {
    const figure = el('figure', 'chart');
    figure.dataset.chart = chart.id;
    const caption = el('figcaption', 'chart-title', chart.title);
    figure.appendChild(caption);
    if (!chart.rows.length) {
      figure.appendChild(el('p', 'subtle', noneText));
      return figure;
    }
    const max = Math.max(1, ...chart.rows.map((r) => r.count));
    const table = el('table', 'bars');
    const body = el('tbody');
    for (const row of chart.rows) {
      const tr = el('tr');
      const th = el('th', 'bar-label', row.label);
      th.scope = 'row';
      const barCell = el('td', 'bar-cell');
      const s = strip();
      if (row.count > 0) s.appendChild(svg('rect', { x: 0, y: 1, height: 8, width: Math.max(1, (row.count / max) * 100), class: 'bar' }));
      barCell.appendChild(s);
      const count = el('td', 'bar-count', String(row.count));
      tr.append(th, barCell, count);
      body.appendChild(tr);
    }
    table.appendChild(body);
    figure.appendChild(table);
    return figure;
  }

  /** Requests per year, one stacked bar per year split by what became of them, with a legend and the year's sentence. */
  function yearsChart(title, years, outcomes, noneText) {
    const figure = el('figure', 'chart');
    figure.dataset.chart = 'years';
    figure.appendChild(el('figcaption', 'chart-title', title));
    if (!years.length) {
      figure.appendChild(el('p', 'subtle', noneText));
      return figure;
    }
    const legend = el('ul', 'legend');
    outcomes.forEach((o, i) => {
      const li = el('li');
      const swatch = svg('svg', { viewBox: '0 0 10 10', class: 'swatch', 'aria-hidden': 'true', focusable: 'false' });
      swatch.appendChild(svg('rect', { x: 0, y: 0, width: 10, height: 10, class: `seg seg-${i}` }));
      li.append(swatch, document.createTextNode(o.label));
      legend.appendChild(li);
    });
    figure.appendChild(legend);
    const max = Math.max(1, ...years.map((y) => y.requests));
    const table = el('table', 'bars');
    const body = el('tbody');
    for (const y of years) {
      const tr = el('tr');
      const th = el('th', 'bar-label', String(y.year));
      th.scope = 'row';
      const barCell = el('td', 'bar-cell');
      const s = strip();
      let x = 0;
      outcomes.forEach((o, i) => {
        const count = y.byOutcome[o.id] || 0;
        if (!count) return;
        const width = (count / max) * 100;
        s.appendChild(svg('rect', { x, y: 1, height: 8, width, class: `seg seg-${i}` }));
        x += width;
      });
      barCell.append(s, el('span', 'bar-text', y.text));
      tr.append(th, barCell, el('td', 'bar-count', String(y.requests)));
      body.appendChild(tr);
    }
    table.appendChild(body);
    figure.appendChild(table);
    return figure;
  }

  root.MKO_TAB_CHARTS = { barChart, yearsChart };
})(typeof self !== 'undefined' ? self : this);
