// migsim report: the charts of a sweep's or a calibration's folder (`--sweep DIR`), drawn with
// what common.js shares. Nothing to draw without --sweep. Every band is the median and
// the 5 % and 95 % quantiles the C++ side computed (study_data.cpp); values the data
// holds as null (not finite, not measured) are left out of the chart and named in the caption.
(function (r) {
  'use strict';
  var sw = r.data.sweep;
  if (!sw) return;
  var number = r.number, section = r.section, chart = r.chart, guarded = r.guarded;
  var blue = '#0072B2', vermillion = '#D55E00', sky = '#56B4E9';
  var band = 'type 7: linear between order statistics, as R and NumPy by default';
  var fmt = function (v) { return v == null ? '–' : number.format(v); };
  var plural = function (n, one, many) { return n + ' ' + (n === 1 ? one : many); };
  // Choices for r.selector: each name, its index the value.
  var indexed = function (names) { return names.map(function (n, i) { return [String(i), n]; }); };

  // A vertical bar from api.value(1) to api.value(2) at category api.value(0), with caps.
  function verticalBar(params, api) {
    var a = api.coord([api.value(0), api.value(1)]), b = api.coord([api.value(0), api.value(2)]);
    var w = Math.min(12, api.size([1, 0])[0] * 0.4);
    var style = { stroke: api.visual('color'), lineWidth: 1.5 };
    return { type: 'group', children: [
      { type: 'line', shape: { x1: a[0], y1: a[1], x2: b[0], y2: b[1] }, style: style },
      { type: 'line', shape: { x1: a[0] - w / 2, y1: a[1], x2: a[0] + w / 2, y2: a[1] }, style: style },
      { type: 'line', shape: { x1: b[0] - w / 2, y1: b[1], x2: b[0] + w / 2, y2: b[1] }, style: style }] };
  }

  if (sw.kind === 'sweep') {
    var pointName = function (p) {
      return 'point ' + p.point + ': ' + sw.parameters.map(function (path, k) {
        return path + ' = ' + p.values[k];
      }).join(', ');
    };

    // (s1) Each target over the sweep's points.
    guarded('sweep targets', function () {
      var s = section('A target across the sweep\'s points',
        'For each of the ' + sw.points.length + ' points in ' + sw.dir + '/points.csv, the chosen target\'s median ' +
        '(dot) over the point\'s ok replicates and the band from its 5 % to its 95 % quantile (bar; ' + band + '). ' +
        sw.replicates + ' replicates a point; ' + sw.runs_ok + ' runs ok, ' + sw.runs_failed + ' failed (a failed ' +
        'run is not counted; hover a point for how many were). ' +
        (sw.targets_note ? 'The unit and the published figure are not shown: ' + sw.targets_note + '.'
                         : 'Dashed: the published figure, from the targets file the sweep file names.'));
      if (sw.targets.length === 0) {
        var none = document.createElement('p');
        none.textContent = 'points.csv has no target columns: the sweep had no targets file.';
        s.appendChild(none);
        return;
      }
      r.selector(s, 'Target', indexed(sw.targets.map(function (t) { return t.id; })), function (v) { show(Number(v)); });
      var c = chart(s, 460);
      var labels = sw.points.map(function (p) { return String(p.point); });
      function show(i) {
        var t = sw.targets[i];
        var rows = sw.points.map(function (p, k) { return { p: p, k: k }; })
          .filter(function (x) { return t.median[x.k] != null; });
        var unit = t.unit ? t.metric + ' (' + t.unit + ')' : 'the target\'s metric (unit in the targets file)';
        c.setOption({
          animation: false,
          tooltip: { trigger: 'item' },
          legend: { top: 0 },
          grid: { left: 90, right: 30, top: 40, bottom: 80 },
          xAxis: { type: 'category', data: labels, name: 'sweep point (points.csv)', nameLocation: 'middle',
                   nameGap: 32 },
          yAxis: Object.assign(r.countAxis(unit), { scale: true }),
          dataZoom: sw.points.length > 30 ? r.zoom : [],
          series: [
            { name: '5 %–95 % band', type: 'custom', color: sky, renderItem: verticalBar, encode: { x: 0, y: [1, 2] },
              data: rows.map(function (x) { return [x.k, t.q05[x.k], t.q95[x.k]]; }), tooltip: { show: false } },
            { name: 'median over replicates', type: 'scatter', color: blue, symbolSize: 9,
              data: rows.map(function (x) { return { value: [x.k, t.median[x.k]], row: x }; }),
              markLine: t.published == null ? undefined : {
                silent: true, symbol: 'none', label: { formatter: 'published ' + fmt(t.published) },
                lineStyle: { color: '#000000', type: 'dashed' }, data: [{ yAxis: t.published }] },
              tooltip: { formatter: function (q) {
                var x = q.data.row;
                return pointName(x.p) + '<br>' + t.id + ': median ' + fmt(t.median[x.k]) + ', 5 %–95 % ' +
                  fmt(t.q05[x.k]) + ' – ' + fmt(t.q95[x.k]) + '<br>' + t.n[x.k] + ' of ' + x.p.ok +
                  ' ok replicates measured it; ' + x.p.failed + ' failed';
              } } },
            // The published figure inside the axis's range, however far from the runs (an
            // invisible point: ECharts leaves a markLine out of the range it computes).
            { type: 'scatter', symbolSize: 0, silent: true, tooltip: { show: false },
              data: t.published == null ? [] : [[0, t.published]] }]
        }, true);
      }
      show(0);
    });

    // (s2) People who have left, over each kept point's replicates.
    if (sw.ensemble.length > 0) guarded('sweep ensemble', function () {
      var e0 = sw.ensemble[0];
      // A sweep over a Flee scenario folder keeps Flee runs: their camps' people (out.csv).
      var camps = e0.of === 'camp';
      var s = section(camps ? 'Camp populations, over a point\'s replicates' : 'Where people are, over a point\'s replicates',
        (camps ? 'People in each camp on each day, in the Flee runs the sweep kept (' + sw.dir +
                 '/runs/<run index>/out.csv\'s "<camp> sim")'
               : 'People who have left, by the country they are in on each day, in the runs the sweep kept (' + sw.dir +
                 '/runs/<run index>/daily.csv, as in "Where people are")') +
        ': for the chosen point, the median over its ' +
        'replicates (line) and the band from the 5 % to the 95 % quantile (shaded; ' + band + '), not stacked. ' +
        'The ' + e0.series.length + (camps ? ' camps' : ' countries') + ' with the highest median peak of the point are shown. ' +
        plural(sw.ensemble.length, 'point was', 'points were') + ' kept; ' +
        (e0.step_days > 1 ? 'one point every ' + e0.step_days + ' days (that day\'s count; the last day always).'
                          : 'every day.'));
      r.selector(s, 'Point', indexed(sw.ensemble.map(function (e) {
        var p = sw.points.filter(function (q) { return q.point === e.point; })[0];
        return pointName(p) + ' (' + plural(e.replicates, 'replicate', 'replicates') + '; ' + e.series.length +
          ' of ' + (camps ? plural(e.countries, 'camp', 'camps') : plural(e.countries, 'country', 'countries')) + ' shown)';
      })), function (v) { show(Number(v)); });
      var c = chart(s, 480);
      function show(i) {
        var e = sw.ensemble[i];
        var series = [];
        e.series.forEach(function (country, k) {
          var colour = r.palette[k % r.palette.length];
          // The band as a stack of an invisible lower edge and the band's width above it.
          series.push({ name: country.name, type: 'line', stack: 'band ' + k, symbol: 'none', data: country.q05,
                        lineStyle: { opacity: 0 }, color: colour, tooltip: { show: false }, silent: true });
          series.push({ name: country.name, type: 'line', stack: 'band ' + k, symbol: 'none', color: colour,
                        data: country.q95.map(function (v, d) { return v - country.q05[d]; }),
                        lineStyle: { opacity: 0 }, areaStyle: { color: colour, opacity: 0.25 }, silent: true });
          series.push({ name: country.name, type: 'line', symbol: 'none', data: country.median, color: colour,
                        lineStyle: { color: colour, width: 2 } });
        });
        c.setOption({
          animation: false,
          tooltip: { trigger: 'axis', formatter: function (ps) {
            var d = ps.length ? ps[0].dataIndex : 0;
            return e.dates[d] + e.series.map(function (country) {
              return '<br>' + country.name + ': median ' + r.people(country.median[d]) + ' (5 %–95 %: ' +
                fmt(country.q05[d]) + ' – ' + fmt(country.q95[d]) + ')';
            }).join('');
          } },
          legend: { type: 'scroll', top: 0, data: e.series.map(function (country) { return country.name; }) },
          grid: { left: 90, right: 30, top: 40, bottom: 80 },
          xAxis: r.timeAxis(e.dates, 'date'),
          yAxis: r.countAxis('people'),
          dataZoom: r.zoom,
          series: series
        }, true);
      }
      show(0);
    });
    return;
  }

  // A calibration's folder.
  var gens = sw.generations;
  var lastGen = gens.length ? gens[gens.length - 1].generation : null;

  // (c1) The weighted posterior of each parameter.
  guarded('posterior', function () {
    var bins = sw.parameters.map(function (p) { return p.histogram.weights.length; });
    var binCounts = bins.filter(function (b, i) { return bins.indexOf(b) === i; });
    var priors = sw.parameters.filter(function (p) { return p.prior != null; }).length;
    var s = section('Posterior of each parameter',
      'The chosen parameter\'s weighted posterior: the ' + sw.particles + ' particles of ' + sw.dir +
      '/posterior.csv (the last generation' + (lastGen == null ? '' : ', ' + lastGen) + '), their weights ' +
      'normalised to sum to 1, in ' + binCounts.join(' or ') + ' bins of equal width over the particles\' range ' +
      '(Sturges\' rule, ⌈log2 n⌉ + 1; one bin where all particles are equal); a bar\'s height is its particles\' ' +
      'summed weight. Solid line: the weighted median; dashed: the 90 % interval (5 % and 95 % quantiles), from ' +
      'intervals.csv. ' + (priors > 0 ? 'The axis includes the prior\'s bounds where it has them, from ' + sw.file + '.'
                                      : 'The prior\'s range is not shown: ' + sw.prior_note + '.'));
    r.selector(s, 'Parameter', indexed(sw.parameters.map(function (p) { return p.path; })), function (v) { show(Number(v)); });
    var c = chart(s, 420);
    function show(i) {
      var p = sw.parameters[i], h = p.histogram;
      var bars = h.weights.map(function (w, b) { return [h.edges[b], h.edges[b + 1], w]; });
      var lines = [['median', p.interval.median, 'solid'], ['q05', p.interval.q05, 'dashed'],
                   ['q95', p.interval.q95, 'dashed']].filter(function (l) { return l[1] != null; });
      var lo = h.edges[0], hi = h.edges[h.edges.length - 1];
      if (p.prior && p.prior.min != null) lo = Math.min(lo, p.prior.min);
      if (p.prior && p.prior.max != null) hi = Math.max(hi, p.prior.max);
      var pad = hi > lo ? 0 : Math.max(Math.abs(lo) * 0.05, 1e-9);  // one value: a visible bar around it
      c.setOption({
        animation: false,
        tooltip: { trigger: 'item' },
        legend: { top: 0 },
        grid: { left: 90, right: 40, top: 40, bottom: 60 },
        xAxis: { type: 'value', min: lo - pad, max: hi + pad, name: p.path + ' (the scenario\'s unit)' +
                 (p.prior && (p.prior.min != null || p.prior.max != null)
                   ? '; the axis includes the ' + p.prior.kind + ' prior\'s bounds' : ''),
                 nameLocation: 'middle', nameGap: 32,
                 axisLabel: { formatter: function (v) { return number.format(v); } } },
        yAxis: { type: 'value', name: 'posterior weight (all bars sum to 1)', nameLocation: 'middle', nameGap: 50 },
        series: [{
          name: 'posterior (weighted particles)', type: 'custom', color: sky, encode: { x: [0, 1], y: 2 },
          data: bars,
          renderItem: function (params, api) {
            var a = api.coord([api.value(0), api.value(2)]), b = api.coord([api.value(1), 0]);
            var x = a[0], width = b[0] - a[0];
            if (width < 3) { x = (a[0] + b[0]) / 2 - 1.5; width = 3; }  // a bin of one value: still visible
            return { type: 'rect', shape: { x: x, y: a[1], width: width, height: b[1] - a[1] },
                     style: { fill: api.visual('color'), stroke: '#FFFFFF' } };
          },
          tooltip: { formatter: function (q) {
            return fmt(q.data[0]) + ' – ' + fmt(q.data[1]) + ': weight ' + fmt(q.data[2]);
          } },
          markLine: { silent: true, symbol: 'none', lineStyle: { color: '#000000' },
                      label: { formatter: function (q) { return q.name; } },
                      data: lines.map(function (l) {
                        return { name: l[0] + ' ' + fmt(l[1]), xAxis: l[1], lineStyle: { type: l[2] } };
                      }) }
        }]
      }, true);
    }
    show(0);
  });

  // (c2) Epsilon, generation by generation.
  guarded('epsilon', function () {
    var drawn = gens.filter(function (g) { return g.epsilon != null; });
    var s = section('Epsilon by generation',
      'The acceptance threshold of each of the ' + plural(gens.length, 'generation', 'generations') + ' in ' + sw.dir +
      '/generations.csv: a candidate was accepted when its distance to the published figures (over the fitted ' +
      'targets\' log(model / published), as the calibration file\'s distance sets) was at most epsilon. ' +
      (drawn.length < gens.length ? plural(gens.length - drawn.length, 'generation has', 'generations have') +
        ' no finite epsilon (generation 0 keeps the closest prior draws) and no point. ' : '') +
      'Stopped by: ' + (sw.stopped_by || 'not recorded') + '. Hover for the acceptance rate, the candidates run ' +
      'and the effective sample size.');
    var c = chart(s, 360);
    c.setOption({
      animation: false,
      tooltip: { trigger: 'item', formatter: function (q) {
        var g = gens[q.dataIndex];
        return 'generation ' + g.generation + ': epsilon ' + fmt(g.epsilon) + '<br>acceptance rate ' +
          fmt(g.acceptance_rate) + ', ' + g.simulations + ' candidates in all, ESS ' + fmt(g.ess);
      } },
      grid: { left: 90, right: 30, top: 30, bottom: 60 },
      xAxis: { type: 'category', data: gens.map(function (g) { return String(g.generation); }), name: 'generation',
               nameLocation: 'middle', nameGap: 32 },
      yAxis: { type: 'value', scale: true, name: 'epsilon (log-ratio distance)', nameLocation: 'middle', nameGap: 60 },
      series: [{ name: 'epsilon', type: 'line', color: blue, symbol: 'circle', symbolSize: 8, connectNulls: false,
                 data: gens.map(function (g) { return g.epsilon; }) }]
    });
  });

  // (c3) The posterior-predictive fit, target by target.
  guarded('fit', function () {
    if (!sw.fit) {
      section('The calibrated model against published figures',
        sw.dir + '/fit.csv is not there: it is written when the calibration finishes; nothing to draw yet.');
      return;
    }
    var ratio = function (v, f) { return v != null && f.published != null && f.published > 0 && v > 0 ? v / f.published : null; };
    var rows = sw.fit.map(function (f) {
      return { f: f, median: ratio(f.median, f), q05: ratio(f.q05, f), q95: ratio(f.q95, f), base: ratio(f.base_median, f) };
    });
    var drawn = rows.filter(function (x) { return x.median != null || x.base != null; });
    var missing = rows.filter(function (x) { return x.median == null || x.base == null; });
    var groups = [drawn.filter(function (x) { return !x.f.kept_aside; }), drawn.filter(function (x) { return x.f.kept_aside; })];
    var within = function (g, key) { return sw.fit.filter(function (f) { return f.kept_aside === g && f[key] === true; }).length; };
    var count = function (g) { return sw.fit.filter(function (f) { return f.kept_aside === g; }).length; };
    var s = section('The calibrated model against published figures',
      'Each target of ' + sw.dir + '/fit.csv, divided by its published figure, on a log scale (1 = exact, dashed): ' +
      'the posterior predictive — the median (dot) and the band from the 5 % to the 95 % quantile (bar) over ' +
      (sw.predictive != null ? sw.predictive + ' runs' : 'the runs') + ' at particles drawn by weight — and beside ' +
      'it the scenario as it was (diamond: the median over as many runs, on the same seeds). Within tolerance, ' +
      'calibrated / as it was: fitted ' + within(false, 'within_tolerance') + ' / ' + within(false, 'base_within_tolerance') +
      ' of ' + count(false) + '; kept aside (out of sample) ' + within(true, 'within_tolerance') + ' / ' +
      within(true, 'base_within_tolerance') + ' of ' + count(true) + '.' +
      (missing.length ? ' Without a value to place on the log scale (not measured, or 0): ' + missing.map(function (x) {
        return x.f.target + (x.median == null ? ' (calibrated)' : '') + (x.base == null ? ' (as it was)' : '');
      }).join(', ') + '.' : ''));
    var lo = 1, hi = 1;
    drawn.forEach(function (x) {
      [x.median, x.q05, x.q95, x.base].forEach(function (v) { if (v != null) { lo = Math.min(lo, v); hi = Math.max(hi, v); } });
    });
    lo = Math.pow(10, Math.floor(Math.log10(lo)));
    hi = Math.pow(10, Math.ceil(Math.log10(hi)));
    var row = 26, top = 40, gap = 70, heights = groups.map(function (g) { return Math.max(1, g.length) * row; });
    var tops = [top, top + heights[0] + gap];
    var names = ['fitted', 'kept aside (out of sample)'];
    var option = { animation: false, tooltip: { trigger: 'item' }, legend: { top: 0 },
                   title: [], grid: [], xAxis: [], yAxis: [], series: [] };
    var tip = function (q) {
      var f = q.data.row.f;
      return f.target + (f.kept_aside ? ' (kept aside)' : ' (fitted)') + '<br>published ' + fmt(f.published) +
        '<br>calibrated: median ' + fmt(f.median) + ', 5 %–95 % ' + fmt(f.q05) + ' – ' + fmt(f.q95) + ', ratio ' +
        fmt(f.ratio) + '<br>as it was: median ' + fmt(f.base_median) + ', ratio ' + fmt(f.base_ratio);
    };
    groups.forEach(function (g, k) {
      option.title.push({ text: names[k], top: tops[k] - 22, left: 10, textStyle: { fontSize: 13 } });
      option.grid.push({ left: 260, right: 40, top: tops[k], height: heights[k] });
      option.xAxis.push({ gridIndex: k, type: 'log', name: 'model / published (log scale)', nameLocation: 'middle',
                          nameGap: 26 });
      option.yAxis.push({ gridIndex: k, type: 'category', inverse: true, data: g.map(function (x) { return x.f.target; }),
                          axisLabel: { width: 240, overflow: 'truncate' } });
      // The panels' common range (as the run's targets chart: invisible points at the ends).
      option.series.push({ type: 'scatter', xAxisIndex: k, yAxisIndex: k, symbolSize: 0, silent: true,
                           tooltip: { show: false }, data: [[lo, 0], [hi, 0]] });
      option.series.push({
        name: 'calibrated: 5 %–95 %', type: 'custom', xAxisIndex: k, yAxisIndex: k, color: sky, silent: true,
        encode: { x: [1, 2], y: 0 },
        data: g.map(function (x, i) { return [i, x.q05, x.q95]; })
          .filter(function (d) { return d[1] != null && d[2] != null; }),
        renderItem: function (params, api) {
          var a = api.coord([api.value(1), api.value(0)]), b = api.coord([api.value(2), api.value(0)]);
          var h = api.size([0, 1])[1] * 0.5;
          return { type: 'rect', shape: { x: a[0], y: a[1] - h / 2, width: Math.max(b[0] - a[0], 1), height: h },
                   style: { fill: api.visual('color'), opacity: 0.6 } };
        }
      });
      option.series.push({
        name: 'calibrated: median', type: 'scatter', xAxisIndex: k, yAxisIndex: k, color: blue, symbolSize: 10,
        data: g.map(function (x, i) { return { value: [x.median, i], row: x }; }).filter(function (d) { return d.value[0] != null; }),
        markLine: { silent: true, symbol: 'none', data: [{ xAxis: 1 }], label: { show: false },
                    lineStyle: { color: '#000000', type: 'dashed' } },
        tooltip: { formatter: tip }
      });
      option.series.push({
        name: 'scenario as it was: median', type: 'scatter', xAxisIndex: k, yAxisIndex: k, color: vermillion,
        symbol: 'diamond', symbolSize: 10,
        data: g.map(function (x, i) { return { value: [x.base, i], row: x }; }).filter(function (d) { return d.value[0] != null; }),
        tooltip: { formatter: tip }
      });
    });
    var c = chart(s, tops[1] + heights[1] + 50);
    c.setOption(option);
  });

  // Each kept-aside target in its own unit, on an axis of its own: the posterior predictive's
  // band and median beside the published figure and its tolerance.
  guarded('kept aside', function () {
    var title = 'Kept-aside targets: the calibrated model\'s prediction beside the published figure';
    if (!sw.fit) {
      section(title, sw.dir + '/fit.csv is not there: it is written when the calibration finishes; nothing to draw yet.');
      return;
    }
    var kept = sw.fit.filter(function (f) { return f.kept_aside; });
    if (kept.length === 0) {
      section(title, sw.dir + '/fit.csv has no kept-aside target: every target was fitted; nothing to draw.');
      return;
    }
    var drawn = kept.filter(function (f) { return f.median != null && f.q05 != null && f.q95 != null && f.published != null; });
    var missing = kept.filter(function (f) { return drawn.indexOf(f) < 0; });
    var unknown = drawn.filter(function (f) { return f.unit == null; });
    var s = section(title,
      'Each target kept aside — never fitted, so out of sample — in its own unit: the posterior predictive of ' +
      sw.dir + '/fit.csv, the median (dot) and the band from the 5 % to the 95 % quantile (bar) over ' +
      (sw.predictive != null ? sw.predictive + ' runs' : 'the runs') + ' at particles drawn by weight, beside the ' +
      'published figure (black line) and its tolerance (grey: published ÷ f to × f, as migsim compare scores it). ' +
      'Within tolerance: ' + kept.filter(function (f) { return f.within_tolerance === true; }).length + ' of ' +
      kept.length + '.' +
      (unknown.length ? ' Units and tolerances not shown for ' + unknown.map(function (f) { return f.target; }).join(', ') +
        ': ' + (sw.prior_note || 'the targets file no longer publishes the value fit.csv was scored against') + '.' : '') +
      (missing.length ? ' Without a band to draw (not measured in every run): ' +
        missing.map(function (f) { return f.target; }).join(', ') + '.' : ''));
    if (drawn.length === 0) return;
    var top = 40, row = 66, height = 22;
    var option = { animation: false, tooltip: { trigger: 'item' }, legend: { top: 0 },
                   grid: [], xAxis: [], yAxis: [], series: [] };
    var tip = function (q) {
      var f = q.data.f;
      return f.target + (f.metric ? ' (' + f.metric + ')' : '') + '<br>published ' + fmt(f.published) +
        (f.unit ? ' ' + f.unit : '') + (f.tolerance_factor != null ? ', tolerance × ' + fmt(f.tolerance_factor) : '') +
        '<br>calibrated: median ' + fmt(f.median) + ', 5 %–95 % ' + fmt(f.q05) + ' – ' + fmt(f.q95) + ', ratio ' +
        fmt(f.ratio) + (f.within_tolerance === true ? ', within tolerance' : f.within_tolerance === false ? ', outside tolerance' : '');
    };
    var rect = function (opacity, share) {
      return function (params, api) {
        var a = api.coord([api.value(1), 0]), b = api.coord([api.value(2), 0]);
        var h = api.size([0, 1])[1] * share;
        return { type: 'rect', shape: { x: a[0], y: a[1] - h / 2, width: Math.max(b[0] - a[0], 1), height: h },
                 style: { fill: api.visual('color'), opacity: opacity } };
      };
    };
    drawn.forEach(function (f, k) {
      option.grid.push({ left: 260, right: 150, top: top + k * row, height: height });
      option.xAxis.push({ gridIndex: k, type: 'value', scale: true, name: f.unit || '(unit not known)',
                          nameLocation: 'end', nameGap: 12,
                          axisLabel: { formatter: function (v) { return number.format(v); } } });
      option.yAxis.push({ gridIndex: k, type: 'category', data: [f.target], axisTick: { show: false },
                          axisLabel: { width: 240, overflow: 'truncate' } });
      if (f.tolerance_factor != null)
        option.series.push({ name: 'tolerance', type: 'custom', xAxisIndex: k, yAxisIndex: k, color: '#BBBBBB',
                             silent: true, encode: { x: [1, 2], y: 0 },
                             data: [[0, f.published / f.tolerance_factor, f.published * f.tolerance_factor]],
                             renderItem: rect(0.45, 1) });
      option.series.push({ name: 'calibrated: 5 %–95 %', type: 'custom', xAxisIndex: k, yAxisIndex: k, color: sky,
                           encode: { x: [1, 2], y: 0 }, data: [{ value: [0, f.q05, f.q95], f: f }],
                           tooltip: { formatter: tip }, renderItem: rect(0.8, 0.5) });
      option.series.push({ name: 'calibrated: median', type: 'scatter', xAxisIndex: k, yAxisIndex: k, color: blue,
                           symbolSize: 10, data: [{ value: [f.median, 0], f: f }], tooltip: { formatter: tip } });
      option.series.push({ name: 'published', type: 'scatter', xAxisIndex: k, yAxisIndex: k, color: '#000000',
                           symbol: 'rect', symbolSize: [3, 22], data: [{ value: [f.published, 0], f: f }],
                           tooltip: { formatter: tip } });
    });
    var c = chart(s, top + drawn.length * row + 10);
    c.setOption(option);
  });
})(migsimReport);
