// migsim report, the first of its scripts: what every chart shares (the data, the palette,
// axes, a section with its caption, a chart, the targets chart, the manifest table), exported
// as the global `migsimReport` for the scripts that draw (run.js: one run of a migsim
// scenario; flee.js: one Flee run; study.js: a sweep or calibration). All are inlined into
// each report by sim/report/page.cpp, after the embedded ECharts; nothing is requested from
// any server.
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

  // The model against every target, as migsim compare scores them (`t`: the data's "targets"):
  // a migsim run's report and a Flee run's draw it alike.
  function targetsChart(t) { guarded('targets', function () {
    var scored = t.rows.filter(function (r) { return r.ratio != null && r.ratio > 0; });
    var unscored = t.rows.filter(function (r) { return !(r.ratio != null && r.ratio > 0); });
    var groups = [scored.filter(function (r) { return !r.kept_aside; }), scored.filter(function (r) { return r.kept_aside; })];
    var within = function (rows) { return rows.filter(function (r) { return r.ok; }).length; };
    var s = section('The model against published figures',
      'Each target in ' + t.file + ' as migsim compare scores it: model / published on a log scale (1 = exact, ' +
      'dashed), the grey band its tolerance (1/f to f). Fitted: ' + within(groups[0]) + ' of ' + groups[0].length +
      ' within tolerance; kept aside (out of sample): ' + within(groups[1]) + ' of ' + groups[1].length + '.' +
      (unscored.length ? ' Without a ratio (model 0 or undefined): ' +
        unscored.map(function (r) { return r.id; }).join(', ') + '.' : ''));
    var lo = 1, hi = 1;
    scored.forEach(function (r) {
      lo = Math.min(lo, r.ratio, 1 / r.tolerance);
      hi = Math.max(hi, r.ratio, r.tolerance);
    });
    lo = Math.pow(10, Math.floor(Math.log10(lo)));
    hi = Math.pow(10, Math.ceil(Math.log10(hi)));
    var row = 22, top = 40, gap = 70, heights = groups.map(function (g) { return Math.max(1, g.length) * row; });
    var tops = [top, top + heights[0] + gap];
    var names = ['fitted (tuned on)', 'kept aside (out of sample)'];
    var colours = ['#0072B2', '#D55E00'], symbols = ['circle', 'diamond'];
    var option = { animation: false, tooltip: { trigger: 'item' }, legend: { top: 0 },
                   title: [], grid: [], xAxis: [], yAxis: [], series: [] };
    groups.forEach(function (g, k) {
      option.title.push({ text: names[k], top: tops[k] - 22, left: 10, textStyle: { fontSize: 13 } });
      option.grid.push({ left: 260, right: 40, top: tops[k], height: heights[k] });
      // The same scale in both panels. (An explicit min below a panel's data leaves ECharts
      // 5.6's log axis with a tick at 0; two invisible points at the ends do it instead.)
      option.xAxis.push({ gridIndex: k, type: 'log', name: 'model / published (log scale)',
                          nameLocation: 'middle', nameGap: 26 });
      option.yAxis.push({ gridIndex: k, type: 'category', inverse: true, data: g.map(function (r) { return r.id; }),
                          axisLabel: { width: 240, overflow: 'truncate' } });
      option.series.push({
        name: 'tolerance band', type: 'custom', xAxisIndex: k, yAxisIndex: k, color: '#999999', silent: true,
        encode: { x: [1, 2], y: 0 },
        data: g.map(function (r, i) { return [i, 1 / r.tolerance, r.tolerance]; }),
        renderItem: function (params, api) {
          var a = api.coord([api.value(1), api.value(0)]), b = api.coord([api.value(2), api.value(0)]);
          var h = api.size([0, 1])[1] * 0.6;
          return { type: 'rect', shape: { x: a[0], y: a[1] - h / 2, width: b[0] - a[0], height: h },
                   style: { fill: 'rgba(0,0,0,0.12)' } };
        }
      });
      option.series.push({
        type: 'scatter', xAxisIndex: k, yAxisIndex: k, symbolSize: 0, silent: true, tooltip: { show: false },
        data: [[lo, 0], [hi, 0]]
      });
      option.series.push({
        name: names[k], type: 'scatter', xAxisIndex: k, yAxisIndex: k, color: colours[k], symbol: symbols[k],
        symbolSize: 10,
        data: g.map(function (r, i) { return { value: [r.ratio, i], row: r }; }),
        markLine: { silent: true, symbol: 'none', data: [{ xAxis: 1 }], label: { show: false },
                    lineStyle: { color: '#000000', type: 'dashed' } },
        tooltip: { formatter: function (p) {
          var r = p.data.row;
          return r.id + '<br>' + r.metric + '<br>model ' + number.format(r.model) + ', published ' +
            number.format(r.published) + '<br>ratio ' + number.format(r.ratio) + ' (tolerance ×' + r.tolerance +
            ': ' + (r.ok ? 'within' : 'outside') + ')';
        } }
      });
    });
    var c = chart(s, tops[1] + heights[1] + 50);
    c.setOption(option);
  }); }

  // The manifest as a table: `rows`, [name, value] each (the data's "manifest").
  function manifestTable(rows) { guarded('manifest', function () {
    var s = section('The run', 'From manifest.json. Report written by migsim ' + data.report.migsim + ' (' +
      data.report.commit + ') with ECharts ' + data.report.echarts + '.');
    var table = document.createElement('table');
    table.className = 'manifest';
    rows.forEach(function (r) {
      var tr = document.createElement('tr');
      var th = document.createElement('th');
      th.textContent = r[0];
      var td = document.createElement('td');
      td.textContent = r[1];
      tr.appendChild(th);
      tr.appendChild(td);
      table.appendChild(tr);
    });
    s.appendChild(table);
  }); }

  window.addEventListener('resize', function () { charts.forEach(function (c) { c.chart.resize(); }); });
  // Once the whole page has loaded and run, and ECharts has had a turn to finish drawing.
  window.addEventListener('load', function () { setTimeout(record, 0); });
  return { data: data, palette: palette, grey: grey, number: number, people: people, section: section, chart: chart,
           guarded: guarded, error: error, selector: selector, record: record, timeAxis: timeAxis, countAxis: countAxis, zoom: zoom,
           targetsChart: targetsChart, manifestTable: manifestTable };
})();
