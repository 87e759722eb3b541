// migsim report, the first of its scripts: what every chart shares (the data, the palette,
// axes, a section with its caption, a chart), exported as the global `migsimReport` for the
// scripts that draw (run.js: one run; study.js: a sweep or calibration). All are
// inlined into each report by sim/report/page.cpp, after the embedded ECharts; nothing is
// requested from any server.
// When the page has loaded it records on <body>, for the browser test (tests/report) and for
// anyone curious:
//   data-charts:   how many charts the page has;
//   data-rendered: how many of them hold a drawing (an SVG with shapes in it);
//   data-errors:   a JSON array of every error seen (window errors, rejected promises,
//                  console.error, requests the page's Content-Security-Policy refused), empty
//                  when all went well.
// migsimReport.record() records again (after a test has driven the page's selectors).
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
  // The page's Content-Security-Policy refuses every request; an attempt is an error.
  document.addEventListener('securitypolicyviolation', function (e) {
    error('request refused (the report must fetch nothing): ' + e.blockedURI + ' (' + e.violatedDirective + ')');
  });
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
  function guarded(name, draw) {
    try { draw(); } catch (e) { error(name + ': ' + (e && e.stack ? e.stack : String(e))); }
  }
  // A <select> of `choices` ([value, text]) labelled `text`, added to section `s`; `change`
  // gets the chosen value.
  function selector(s, text, choices, change) {
    var label = document.createElement('label');
    label.className = 'select';
    label.textContent = text + ': ';
    var select = document.createElement('select');
    choices.forEach(function (c) {
      var o = document.createElement('option');
      o.value = c[0];
      o.textContent = c[1];
      select.appendChild(o);
    });
    label.appendChild(select);
    s.appendChild(label);
    select.addEventListener('change', function () { guarded(text, function () { change(select.value); }); });
    return select;
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
           guarded: guarded, error: error, selector: selector, record: record, timeAxis: timeAxis, countAxis: countAxis, zoom: zoom };
})();
