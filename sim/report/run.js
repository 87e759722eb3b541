// migsim report: the charts of one run of a migsim scenario (daily.csv, asylum.csv, the
// targets, the manifest), drawn with what common.js shares. Nothing for a Flee run (flee.js).
(function (r) {
  'use strict';
  var data = r.data, palette = r.palette, grey = r.grey, number = r.number, people = r.people;
  var section = r.section, chart = r.chart, guarded = r.guarded, timeAxis = r.timeAxis, countAxis = r.countAxis;
  var zoom = r.zoom, selector = r.selector;
  // A Flee run's folder is drawn by flee.js.
  if (data.kind === 'flee') return;

  // A status keeps one colour in every chart, by what it means: blues on the move, yellows and
  // oranges in a procedure, purples held or transferred, greens protected or settled, reds
  // refused or without papers, greys at or back in the origin.
  var statusColour = {
    at_origin: '#DDDDDD', travelling: '#56B4E9', in_transit: '#0072B2', registered: '#F0E442',
    applicant: '#E69F00', appealing: '#A6761D', dublin_pending: '#CC79A7', detained: '#882255',
    protected: '#009E73', settled: '#117733', rejected: '#D55E00', irregular: '#661100',
    returned: '#888888', home: '#555555', temporary: '#44AA99' };
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
        yAxis: { type: 'category', inverse: true, data: oc.profiles },
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

  // (a'') Flows between countries, for a chosen period.
  guarded('flows', function () {
    var f = data.flows;
    var most = 40;
    var s = section('Flows between countries',
      'Crossings set off in the chosen months, from flows.csv: on the left the origin, in the middle the countries ' +
      'people entered from it and every country people left onward from, on the right where those onward crossings ' +
      'led (the origin again for people going back). A band\'s width is people. The ' + most + ' largest flows are ' +
      'drawn; the caption under the chart says what the rest add up to.');
    var name = function (id) { return f.names[id] || id; };
    var first = 0, last = f.months.length - 1, c;
    var note = document.createElement('p');
    note.className = 'caption';
    function show() {
      var sums = {};
      f.rows.forEach(function (r) {
        if (r[0] < first || r[0] > last) return;
        var key = r[1] === f.origin ? 'o:' + r[1] + '|m:' + r[2] : 'm:' + r[1] + '|d:' + r[2];
        sums[key] = (sums[key] || 0) + r[3];
      });
      var links = Object.keys(sums).map(function (k) {
        var ends = k.split('|');
        return { source: ends[0], target: ends[1], value: sums[k] };
      }).filter(function (l) { return l.value > 0; });
      links.sort(function (a, b) { return b.value - a.value || (a.source + a.target < b.source + b.target ? -1 : 1); });
      var rest = links.slice(most), total = 0;
      rest.forEach(function (l) { total += l.value; });
      links = links.slice(0, most);
      var nodes = {};
      links.forEach(function (l) { nodes[l.source] = true; nodes[l.target] = true; });
      var column = { o: 0, m: 1, d: 2 };
      c.setOption({
        animation: false,
        tooltip: { trigger: 'item', formatter: function (p) {
          if (p.dataType === 'edge')
            return name(p.data.source.slice(2)) + ' → ' + name(p.data.target.slice(2)) + ': ' + people(p.data.value);
          return name(p.name.slice(2)) + ': ' + people(p.value);
        } },
        series: [{
          type: 'sankey', left: 20, right: 160, top: 20, bottom: 20, nodeGap: 6, layoutIterations: 32,
          emphasis: { focus: 'adjacency' }, lineStyle: { color: 'gradient', opacity: 0.45 },
          label: { formatter: function (p) { return name(p.name.slice(2)); } },
          data: Object.keys(nodes).sort().map(function (n) {
            return { name: n, depth: column[n[0]], itemStyle: { color: palette[Object.keys(f.names).indexOf(n.slice(2)) % palette.length] } };
          }),
          links: links
        }]
      }, true);
      note.textContent = links.length === 0 ? 'No crossings in these months.' :
        f.months[first] + ' to ' + f.months[last] + ': ' + (rest.length ? rest.length + ' smaller flows, ' +
          people(total) + ' in all, are not drawn.' : 'every flow is drawn.');
    }
    var months = f.months.map(function (m, i) { return [String(i), m]; });
    selector(s, 'From', months, function (v) { first = Math.min(Number(v), last); show(); });
    var to = selector(s, 'to', months, function (v) { last = Math.max(Number(v), first); show(); });
    to.value = String(last);
    c = chart(s, 640);
    s.appendChild(note);
    show();
  });

  // (b) Monthly asylum events, one country at a time, with the published figures for it.
  guarded('asylum', function () {
    var as = data.asylum;
    var s = section('Asylum applications, decisions and Dublin, by month',
      'Applications lodged, decisions granting protection or rejecting (first instance and appeal), Dublin take-back ' +
      'requests received and transfers in, each month, and on the right-hand axis the backlog (people awaiting a ' +
      'first decision) on the month\'s last day, from asylum.csv. ' +
      (as.published.length ? 'Thick dotted lines: the published figures of the targets file for the chosen country, ' +
        'as their average per month over their period (a year\'s total / 12). ' : '') +
      'Choose a country; they are listed by their applications, most first.');
    var lines = [
      ['applications', 'applications', '#0072B2', 'circle', 'solid'],
      ['decisions_positive', 'decisions granting protection', '#009E73', 'triangle', 'solid'],
      ['decisions_negative', 'rejections', '#D55E00', 'diamond', 'solid'],
      ['dublin_requests', 'Dublin requests received', '#CC79A7', 'rect', 'solid'],
      ['dublin_transfers', 'Dublin transfers in', '#E69F00', 'roundRect', 'solid'],
      ['backlog', 'backlog at month end', '#000000', 'none', 'dashed']];
    var c;
    function show(i) {
      var country = as.countries[i];
      var series = lines.map(function (l) {
        return { name: l[1], type: 'line', data: country[l[0]], color: l[2], symbol: l[3], symbolSize: 5,
                 yAxisIndex: l[0] === 'backlog' ? 1 : 0, lineStyle: { color: l[2], type: l[4], width: 1.5 } };
      });
      as.published.filter(function (p) { return p.country === country.id; }).forEach(function (p) {
        var l = lines.filter(function (x) { return x[0] === p.measure; })[0];
        var values = as.months.map(function (m, k) { return k >= p.first && k <= p.last ? p.per_month : null; });
        series.push({ name: 'published: ' + l[1], type: 'line', data: values, color: l[2], symbol: 'none',
                      lineStyle: { color: l[2], type: 'dotted', width: 4 },
                      tooltip: { valueFormatter: function (v) {
                        return v == null ? '–' : people(v) + ' (' + p.id + ': ' + number.format(p.value) + ' over ' +
                          p.period + ')';
                      } } });
      });
      c.setOption({
        animation: false,
        tooltip: { trigger: 'axis', valueFormatter: people },
        legend: { top: 0 },
        grid: { left: 90, right: 90, top: 60, bottom: 80 },
        xAxis: timeAxis(as.months, 'month'),
        // The backlog is a stock, and larger: its own axis, on the right.
        yAxis: [countAxis('people per month'),
                Object.assign(countAxis('backlog at month end (people, dashed)'), { splitLine: { show: false } })],
        dataZoom: zoom,
        series: series
      }, true);
    }
    selector(s, 'Country', as.countries.map(function (x, i) {
      return [String(i), x.name + (x.id === 'all' ? '' : ' (' + x.id + ')')];
    }), function (v) { show(Number(v)); });
    c = chart(s, 460);
    show(0);
  });

  // (b') Waiting times per country.
  guarded('waits', function () {
    var w = data.waits;
    var labels = {
      application_to_first_decision: 'application to first decision',
      application_to_final_decision: 'application to final decision (the appeal\'s where there was one)',
      departure_to_protection: 'journey: leaving the origin to being granted protection',
      limbo: 'limbo: registering to protection, removal or the end of the run' };
    var s = section('Waiting times, by country of application',
      'For the chosen measure and year (the year the wait ended, or all years), each country\'s waits from ' +
      'waits.csv: the bar runs from the 10th to the 90th percentile, the black tick marks the median, the diamond ' +
      'the mean; hover for the number of people. Countries by the people who waited there, most first; a country ' +
      'appears when someone\'s wait of that measure ended there that year.');
    var years = [];
    w.rows.forEach(function (r) { if (r.year !== 'all' && years.indexOf(r.year) < 0) years.push(r.year); });
    years.sort();
    var measure = w.measures[0], year = 'all', c;
    function show() {
      var rows = w.countries.map(function (country) {
        return w.rows.filter(function (r) {
          return r.country === country.id && r.measure === measure && r.year === year && r.n > 0;
        })[0];
      }).filter(function (r) { return r !== undefined; });
      var names = rows.map(function (r) {
        return w.countries.filter(function (x) { return x.id === r.country; })[0].name;
      });
      c.setOption({
        animation: false,
        tooltip: { trigger: 'item', formatter: function (p) {
          var r = rows[p.data.value[0]];
          return names[p.data.value[0]] + ' (' + r.year + ')<br>' + labels[r.measure] + '<br>' + people(r.n) +
            '<br>mean ' + number.format(r.mean) + ' days; 10th, 50th, 90th percentiles ' + r.p10 + ', ' + r.p50 +
            ', ' + r.p90 + ' days';
        } },
        legend: { top: 0, data: ['10th to 90th percentile, median', 'mean'] },
        grid: { left: 150, right: 40, top: 40, bottom: 50 },
        xAxis: { type: 'value', min: 0, name: 'days', nameLocation: 'middle', nameGap: 28 },
        yAxis: { type: 'category', inverse: true, data: names },
        series: [{
          name: '10th to 90th percentile, median', type: 'custom', color: '#56B4E9',
          encode: { x: [1, 2, 3], y: 0 },
          data: rows.map(function (r, i) { return { value: [i, r.p10, r.p90, r.p50] }; }),
          renderItem: function (params, api) {
            var a = api.coord([api.value(1), api.value(0)]), b = api.coord([api.value(2), api.value(0)]);
            var m = api.coord([api.value(3), api.value(0)]);
            var h = api.size([0, 1])[1] * 0.5;
            return { type: 'group', children: [
              { type: 'rect', shape: { x: a[0], y: a[1] - h / 2, width: Math.max(1, b[0] - a[0]), height: h },
                style: { fill: '#56B4E9' } },
              { type: 'rect', shape: { x: m[0] - 1.5, y: m[1] - h / 2 - 2, width: 3, height: h + 4 },
                style: { fill: '#000000' } }] };
          }
        }, {
          name: 'mean', type: 'scatter', color: '#D55E00', symbol: 'diamond', symbolSize: 9,
          data: rows.map(function (r, i) { return { value: [r.mean, i] }; }),
          tooltip: { formatter: function (p) {
            var r = rows[p.data.value[1]];
            return names[p.data.value[1]] + ': mean ' + number.format(r.mean) + ' days (' + people(r.n) + ')';
          } }
        }]
      }, true);
      // One row per country shown: the chart grows or shrinks with them.
      c.getDom().style.height = Math.max(160, 100 + 24 * rows.length) + 'px';
      c.resize();
    }
    selector(s, 'Measure', w.measures.map(function (m) { return [m, labels[m] || m]; }),
      function (v) { measure = v; show(); });
    selector(s, 'Year', [['all', 'all years']].concat(years.map(function (y) { return [y, y]; })),
      function (v) { year = v; show(); });
    c = chart(s, 300);
    show();
  });

  // (c) The model against every target (common.js: a Flee run's report draws it too).
  if (data.targets) r.targetsChart(data.targets);

  // (c') The policies as a timeline.
  guarded('policies', function () {
    var pl = data.policies;
    // Okabe & Ito's eight, then Tol's muted colours: one per policy type, by the registry's order.
    var colours = palette.concat(['#332288', '#88CCEE', '#44AA99', '#999933', '#AA4499', '#882255', '#661100']);
    var s = section('Policies in force',
      'Each policy of the scenario as applied (overrides included), from manifest.json: a bar from its first to ' +
      'its last day, coloured by type; pale and outlined when disabled (a counterfactual switches it off). Labels ' +
      'say where it applies. Hover for the details.');
    var day = 86400000;
    var t0 = Date.parse(pl.start), t1 = Date.parse(pl.end) + day;
    var rows = pl.policies.map(function (p, i) {
      var where = p.countries.concat(p.crossings).join(', ') + (p.modes.length ? ' (' + p.modes.join(', ') + ')' : '');
      return { i: i, p: p, where: where || 'the origin', from: Math.max(t0, Date.parse(p.from)),
               until: Math.min(t1, Date.parse(p.until) + day) };
    });
    var types = pl.types.filter(function (t) { return rows.some(function (r) { return r.p.type === t; }); });
    var c = chart(s, Math.max(160, 90 + 20 * rows.length));
    c.setOption({
      animation: false,
      tooltip: { trigger: 'item', formatter: function (x) {
        var r = rows[x.data.value[0]];
        return r.p.name + (r.p.enabled ? '' : ' (disabled)') + '<br>' + r.p.type + '<br>' + r.p.from + ' to ' +
          r.p.until + '<br>where: ' + r.where;
      } },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 230, right: 40, top: 40, bottom: 70 },
      xAxis: { type: 'time', min: t0, max: t1, name: 'date', nameLocation: 'middle', nameGap: 28 },
      yAxis: { type: 'category', inverse: true, data: rows.map(function (r) { return r.p.name; }),
               axisLabel: { width: 220, overflow: 'truncate', fontSize: 11 } },
      dataZoom: [{ type: 'slider', bottom: 8, height: 18 }, { type: 'inside' }],
      series: types.map(function (t) {
        var colour = colours[pl.types.indexOf(t) % colours.length];
        return {
          name: t, type: 'custom', color: colour, encode: { x: [1, 2], y: 0 },
          data: rows.filter(function (r) { return r.p.type === t; }).map(function (r) {
            return { value: [r.i, r.from, r.until], enabled: r.p.enabled, where: r.where };
          }),
          renderItem: function (params, api) {
            var a = api.coord([api.value(1), api.value(0)]), b = api.coord([api.value(2), api.value(0)]);
            var h = api.size([0, 1])[1] * 0.7;
            var enabled = rows[api.value(0)].p.enabled;
            return { type: 'rect', shape: { x: a[0], y: a[1] - h / 2, width: Math.max(2, b[0] - a[0]), height: h },
                     style: { fill: colour, opacity: enabled ? 0.9 : 0.25, stroke: enabled ? null : colour, lineWidth: 1 },
                     // Dark text edged in white reads on every bar colour, pale or dark.
                     textContent: { style: { text: rows[api.value(0)].where, fontSize: 10, fill: '#111',
                                             stroke: '#ffffff', lineWidth: 3 } },
                     textConfig: { position: 'insideLeft' } };
          }
        };
      })
    });
  });

  // (d) The manifest (common.js).
  r.manifestTable(data.manifest);

})(migsimReport);
