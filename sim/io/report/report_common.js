// migsim report, the first of its scripts: what every chart shares (the data, the palette,
// axes, a section with its caption, a chart), exported as the global `migsimReport` for the
// scripts that draw (report_run.js: one run; report_sweep.js: a sweep or calibration). All are
// inlined into each report by sim/io/report/report.cpp, after the embedded ECharts; nothing is
// requested from any server.
// When the page has loaded it records on <body>, for the browser test (tests/report) and for
// anyone curious:
//   data-charts:   how many charts the page has;
//   data-rendered: how many of them hold a drawing (an SVG with shapes in it);
//   data-errors:   a JSON array of every error seen (window errors, rejected promises,
//                  console.error), empty when all went well.
var migsimReport = (function () {
  'use strict';
  var errors = [], charts = [], recorded = false;
  function record() {
    recorded = true;
    var rendered = charts.filter(function (c) {
      var svg = c.div.querySelector('svg');
      return svg !== null && svg.querySelectorAll('path').length > 0;
    }).length;
    document.body.setAttribute('data-charts', String(charts.length));
    document.body.setAttribute('data-rendered', String(rendered));
    document.body.setAttribute('data-errors', JSON.stringify(errors));
  }
  // An error after the first record (a later script, an event) is recorded too.
  function error(text) {
    errors.push(text);
    if (recorded) record();
  }
  window.addEventListener('error', function (e) { error(String(e.message || e)); });
  window.addEventListener('unhandledrejection', function (e) { error('unhandled rejection: ' + String(e.reason)); });
  var consoleError = console.error;
  console.error = function () {
    error(Array.prototype.map.call(arguments, String).join(' '));
    consoleError.apply(console, arguments);
  };

  // Okabe & Ito's colour-blind-safe palette; grey for "everything else".
  var palette = ['#E69F00', '#56B4E9', '#009E73', '#0072B2', '#D55E00', '#CC79A7', '#F0E442', '#000000'];
  var grey = '#BBBBBB';
  var number = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });
  var people = function (v) { return v == null ? '–' : number.format(v) + ' people'; };
  var data = JSON.parse(document.getElementById('migsim-data').textContent);
  var main = document.getElementById('report');

  function section(title, caption) {
    var s = document.createElement('section');
    var h = document.createElement('h2');
    h.textContent = title;
    s.appendChild(h);
    var p = document.createElement('p');
    p.className = 'caption';
    p.textContent = caption;
    s.appendChild(p);
    main.appendChild(s);
    return s;
  }
  function chart(s, height) {
    var div = document.createElement('div');
    div.className = 'chart';
    div.style.height = height + 'px';
    s.appendChild(div);
    var c = echarts.init(div, null, { renderer: 'svg' });
    charts.push({ div: div, chart: c });
    return c;
  }
  // A labelled <select> under the section's caption, one option per name, valued by index:
  // one chart that shows a chosen country, target or parameter, instead of dozens of charts.
  function select(s, label, names) {
    var l = document.createElement('label');
    l.className = 'select';
    l.textContent = label + ': ';
    var sel = document.createElement('select');
    names.forEach(function (name, i) {
      var o = document.createElement('option');
      o.value = String(i);
      o.textContent = name;
      sel.appendChild(o);
    });
    l.appendChild(sel);
    s.appendChild(l);
    return sel;
  }
  function guarded(name, draw) {
    try { draw(); } catch (e) { error(name + ': ' + (e && e.stack ? e.stack : String(e))); }
  }
  var timeAxis = function (dates, name) {
    return { type: 'category', data: dates, name: name, nameLocation: 'middle', nameGap: 32, boundaryGap: false };
  };
  var countAxis = function (name) {
    return { type: 'value', name: name, nameLocation: 'middle', nameGap: 62,
             axisLabel: { formatter: function (v) { return number.format(v); } } };
  };
  var zoom = [{ type: 'slider', bottom: 8, height: 22 }, { type: 'inside' }];

  window.addEventListener('resize', function () { charts.forEach(function (c) { c.chart.resize(); }); });
  // Once the whole page has loaded and run, and ECharts has had a turn to finish drawing.
  window.addEventListener('load', function () { setTimeout(record, 0); });
  return { data: data, palette: palette, grey: grey, number: number, people: people, section: section, chart: chart,
           select: select, guarded: guarded, error: error, timeAxis: timeAxis, countAxis: countAxis, zoom: zoom };
})();
