// migsim report: the charts of one run (daily.csv, asylum.csv, the targets, the manifest),
// drawn with what report_common.js shares.
(function (r) {
  'use strict';
  var data = r.data, palette = r.palette, grey = r.grey, number = r.number, people = r.people;
  var section = r.section, chart = r.chart, guarded = r.guarded, timeAxis = r.timeAxis, countAxis = r.countAxis;
  var zoom = r.zoom;

  // (a) Where people are over time.
  guarded('where people are', function () {
    var st = data.stock;
    var other = st.series.filter(function (c) { return c.id === 'other'; }).length > 0;
    var s = section('Where people are',
      'People who have left, by the country they are in on each day (places count in their country; people on a ' +
      'crossing count where it starts), stacked: ' + (other ? 'the ' + (st.series.length - 1) + ' countries ' +
        'with the highest peak, the rest together in grey. ' : 'every country they are in. ') +
      'Not shown: people who have not left, went home or were returned. ' +
      (st.step_days > 1 ? 'One point every ' + st.step_days + ' days (that day\'s count; the last day always), ' +
        'from daily.csv\'s ' + 'daily counts.' : 'Every day, from daily.csv.'));
    var c = chart(s, 520);
    c.setOption({
      animation: false,
      tooltip: { trigger: 'axis', valueFormatter: people },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 90, right: 30, top: 40, bottom: 80 },
      xAxis: timeAxis(st.dates, 'date'),
      yAxis: countAxis('people'),
      dataZoom: zoom,
      series: st.series.map(function (c, i) {
        var colour = c.id === 'other' ? grey : palette[i % palette.length];
        return { name: c.name, type: 'line', stack: 'people', symbol: 'none', data: c.people, color: colour,
                 lineStyle: { width: 0.5, color: colour }, areaStyle: { color: colour, opacity: 0.85 } };
      })
    });
  });

  // (b) Monthly asylum events, one country at a time.
  guarded('asylum', function () {
    var as = data.asylum;
    var s = section('Asylum applications and decisions, by month',
      'Applications lodged, first-instance and appeal decisions granting protection or rejecting, each month, ' +
      'and on the right-hand axis the backlog (people awaiting a first decision) on the month\'s last day, ' +
      'from asylum.csv. Choose a ' +
      'country; they are listed by their applications, most first.');
    var select = r.select(s, 'Country', as.countries.map(function (c) {
      return c.name + (c.id === 'all' ? '' : ' (' + c.id + ')');
    }));
    var c = chart(s, 440);
    var lines = [
      ['applications', 'applications', '#0072B2', 'circle', 'solid'],
      ['decisions_positive', 'decisions granting protection', '#009E73', 'triangle', 'solid'],
      ['decisions_negative', 'rejections', '#D55E00', 'diamond', 'solid'],
      ['backlog', 'backlog at month end', '#000000', 'none', 'dashed']];
    function show(i) {
      var country = as.countries[i];
      c.setOption({
        animation: false,
        tooltip: { trigger: 'axis', valueFormatter: people },
        legend: { top: 0 },
        grid: { left: 90, right: 90, top: 40, bottom: 80 },
        xAxis: timeAxis(as.months, 'month'),
        // The backlog is a stock, and larger: its own axis, on the right.
        yAxis: [countAxis('people per month'),
                Object.assign(countAxis('backlog at month end (people, dashed)'), { splitLine: { show: false } })],
        dataZoom: zoom,
        series: lines.map(function (l) {
          return { name: l[1], type: 'line', data: country[l[0]], color: l[2], symbol: l[3], symbolSize: 5,
                   yAxisIndex: l[0] === 'backlog' ? 1 : 0, lineStyle: { color: l[2], type: l[4], width: 1.5 } };
        })
      }, true);
    }
    select.addEventListener('change', function () { guarded('asylum', function () { show(Number(select.value)); }); });
    show(0);
  });

  // (c) The model against every target.
  if (data.targets) guarded('targets', function () {
    var t = data.targets;
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
  });

  // (d) The manifest.
  guarded('manifest', function () {
    var s = section('The run', 'From manifest.json. Report written by migsim ' + data.report.migsim + ' (' +
      data.report.commit + ') with ECharts ' + data.report.echarts + '.');
    var table = document.createElement('table');
    table.className = 'manifest';
    data.manifest.forEach(function (r) {
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
  });

})(migsimReport);
