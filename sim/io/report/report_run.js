// migsim report: the charts of one run (daily.csv, asylum.csv, the targets, the manifest),
// drawn with what report_common.js shares.
(function (r) {
  'use strict';
  var data = r.data, palette = r.palette, grey = r.grey, number = r.number, people = r.people;
  var section = r.section, chart = r.chart, guarded = r.guarded, timeAxis = r.timeAxis, countAxis = r.countAxis;
  var zoom = r.zoom, selector = r.selector;

  // A status keeps one colour in every chart, by what it means: blues on the move, yellows and
  // oranges in a procedure, purples held or transferred, greens protected or settled, reds
  // refused or without papers, greys at or back in the origin.
  var statusColour = {
    at_origin: '#DDDDDD', travelling: '#56B4E9', in_transit: '#0072B2', registered: '#F0E442',
    applicant: '#E69F00', appealing: '#A6761D', dublin_pending: '#CC79A7', detained: '#882255',
    protected: '#009E73', settled: '#117733', rejected: '#D55E00', irregular: '#661100',
    returned: '#888888', home: '#555555' };
  function colourOf(series, i, grouping) {
    if (series.id === 'other') return grey;
    return grouping === 'by_status' ? (statusColour[series.id] || grey) : palette[i % palette.length];
  }
  var groupings = [['by_country', 'country they are in'], ['by_status', 'status']];

  // (a) Where people are over time.
  guarded('where people are', function () {
    var st = data.stock;
    var other = st.by_country.filter(function (c) { return c.id === 'other'; }).length > 0;
    var s = section('Where people are',
      'People who have left, on each day, stacked by the country they are in (places count in their country; people ' +
      'on a crossing count where it starts: ' + (other ? 'the ' + (st.by_country.length - 1) + ' countries ' +
        'with the highest peak, the rest together in grey' : 'every country they are in') + ') or by their status. ' +
      'Not shown: people who have not left, went home or were returned. ' +
      (st.step_days > 1 ? 'One point every ' + st.step_days + ' days (that day\'s count; the last day always), ' +
        'from daily.csv\'s ' + 'daily counts.' : 'Every day, from daily.csv.'));
    var c;
    function show(grouping) {
      c.setOption({
        animation: false,
        tooltip: { trigger: 'axis', valueFormatter: people },
        legend: { type: 'scroll', top: 0 },
        grid: { left: 90, right: 30, top: 40, bottom: 80 },
        xAxis: timeAxis(st.dates, 'date'),
        yAxis: countAxis('people'),
        dataZoom: zoom,
        series: st[grouping].map(function (g, i) {
          var colour = colourOf(g, i, grouping);
          return { name: g.name, type: 'line', stack: 'people', symbol: 'none', data: g.people, color: colour,
                   lineStyle: { width: 0.5, color: colour }, areaStyle: { color: colour, opacity: 0.85 } };
        })
      }, true);
    }
    selector(s, 'Stacked by', groupings, show);
    c = chart(s, 520);
    show('by_country');
  });

  // (a') Where they ended up, by profile.
  guarded('where they ended up', function () {
    var oc = data.outcomes;
    var s = section('Where they ended up, by profile',
      'Everyone spawned, on the last day (' + oc.date + '), as a share of their profile, by the country they are in ' +
      '(the ' + oc.by_country.filter(function (c) { return c.id !== 'other'; }).length + ' largest; people ' +
      'who never left, went home or were returned are in the origin) or by their status, from outcomes.csv. Hover ' +
      'for the number of people.');
    var totals = oc.profiles.map(function (p, i) {
      return oc.by_country.reduce(function (sum, g) { return sum + g.people[i]; }, 0);
    });
    var c;
    function show(grouping) {
      c.setOption({
        animation: false,
        tooltip: { trigger: 'item', formatter: function (p) {
          return p.seriesName + '<br>' + p.name + ': ' + number.format(p.data.share) + '% (' + people(p.data.people) + ')';
        } },
        legend: { type: 'scroll', top: 0 },
        grid: { left: 140, right: 30, top: 40, bottom: 50 },
        xAxis: { type: 'value', max: 100, name: 'share of the profile (%)', nameLocation: 'middle', nameGap: 30 },
        yAxis: { type: 'category', inverse: true, data: oc.profiles, name: 'profile' },
        series: oc[grouping].map(function (g, i) {
          return { name: g.name, type: 'bar', stack: 'share', color: colourOf(g, i, grouping), barWidth: '60%',
                   data: g.people.map(function (v, k) {
                     return { value: totals[k] > 0 ? 100 * v / totals[k] : 0, share: totals[k] > 0 ? 100 * v / totals[k] : 0,
                              people: v };
                   }) };
        })
      }, true);
    }
    selector(s, 'Stacked by', groupings, show);
    c = chart(s, Math.max(220, 90 + 36 * oc.profiles.length));
    show('by_country');
  });

  // (b) Monthly asylum events, one country at a time.
  guarded('asylum', function () {
    var as = data.asylum;
    var s = section('Asylum applications and decisions, by month',
      'Applications lodged, first-instance and appeal decisions granting protection or rejecting, each month, ' +
      'and on the right-hand axis the backlog (people awaiting a first decision) on the month\'s last day, ' +
      'from asylum.csv. Choose a ' +
      'country; they are listed by their applications, most first.');
    var c;
    selector(s, 'Country', as.countries.map(function (c, i) {
      return [String(i), c.name + (c.id === 'all' ? '' : ' (' + c.id + ')')];
    }), function (v) { show(Number(v)); });
    c = chart(s, 440);
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
