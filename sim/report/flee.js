// migsim report: the charts of one Flee run (`migsim run --flee`: out.csv and manifest.json),
// as FabFlee's plots show a run, drawn with what common.js shares. Nothing for a migsim
// scenario's run (run.js draws those).
(function (r) {
  'use strict';
  if (r.data.kind !== 'flee') return;
  var f = r.data.flee, number = r.number, people = r.people, section = r.section, chart = r.chart;
  var guarded = r.guarded, timeAxis = r.timeAxis, countAxis = r.countAxis, zoom = r.zoom;
  // Simulation blue, UNHCR data vermillion, as in every chart of this page.
  var blue = '#0072B2', vermillion = '#D55E00', sky = '#56B4E9', grey = '#888888';
  var line = function (name, values, colour, dashed) {
    return { name: name, type: 'line', symbol: 'none', data: values, color: colour,
             lineStyle: { width: dashed ? 1.5 : 2, color: colour, type: dashed ? 'dashed' : 'solid' } };
  };

  // (f1) Each camp, simulation against the UNHCR data (FabFlee's per-camp plots): one small
  // chart per camp, in a grid.
  guarded('camps', function () {
    var s = section('Camp populations, simulation against UNHCR data',
      'Each camp\'s people on each day: the simulation (out.csv\'s "<camp> sim", solid) and the UNHCR data ' +
      '(source_data/, as out.csv\'s "<camp> data" has it, dashed), ' + f.camps.length + ' camps, ' +
      f.dates.length + ' days from ' + f.dates[0] + '.' +
      (f.has_data ? '' : ' The run has no UNHCR camp data (every "data" cell is 0).'));
    var grid = document.createElement('div');
    grid.className = 'grid';
    s.appendChild(grid);
    f.camps.forEach(function (c) {
      var cell = document.createElement('div');
      var h = document.createElement('h3');
      h.textContent = c.name;
      cell.appendChild(h);
      grid.appendChild(cell);
      chart(cell, 280).setOption({
        animation: false,
        tooltip: { trigger: 'axis', valueFormatter: people },
        legend: { top: 0 },
        grid: { left: 70, right: 16, top: 32, bottom: 40 },
        xAxis: { type: 'category', data: f.dates, boundaryGap: false },
        yAxis: { type: 'value', axisLabel: { formatter: function (v) { return number.format(v); } } },
        dataZoom: [{ type: 'inside' }],
        series: [line('simulation', c.sim, blue, false), line('UNHCR data', c.data, vermillion, true)]
      });
    });
  });

  // (f2) All camps together, and everyone the run has.
  guarded('totals', function () {
    var t = f.totals;
    var s = section('Refugees in camps, all camps',
      'People in all camps on each day, simulation against UNHCR data (out.csv\'s "refugees in camps ' +
      '(simulation)" and "refugees in camps (UNHCR)"), with everyone the simulation has spawned ("total ' +
      'refugees (simulation)") and the UNHCR count it spawns to ("raw UNHCR refugee count").');
    chart(s, 420).setOption({
      animation: false,
      tooltip: { trigger: 'axis', valueFormatter: people },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 90, right: 30, top: 40, bottom: 80 },
      xAxis: timeAxis(f.dates, 'date'),
      yAxis: countAxis('people'),
      dataZoom: zoom,
      series: [line('refugees in camps (simulation)', t.sim_in_camps, blue, false),
               line('refugees in camps (UNHCR)', t.data_in_camps, vermillion, true),
               line('total refugees (simulation)', t.total_refugees, sky, false),
               line('raw UNHCR refugee count', t.raw_unhcr, grey, true)]
    });
  });

  // (f3) The error over time.
  guarded('error', function () {
    var s = section('The simulation\'s error against the UNHCR data, by day',
      'FabFlee\'s validation error (averaged relative difference, rescaled: the simulated camps scaled to the ' +
      'UNHCR total, then Σ|sim − data| / UNHCR total in camps), from out.csv\'s camp columns by the rule ' +
      'the averaged_relative_difference target uses; over the whole run ' + number.format(f.ard_mean.rescaled) +
      ' (not rescaled: ' + number.format(f.ard_mean.normal) + '). Also out.csv\'s own "Total error" ' +
      '(Σ|sim − data| / raw UNHCR refugee count), as Flee writes it.' +
      (f.has_data ? '' : ' Without UNHCR camp data these say nothing.'));
    var fmt = function (v) { return v == null ? '–' : number.format(v); };
    chart(s, 360).setOption({
      animation: false,
      tooltip: { trigger: 'axis', valueFormatter: fmt },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 90, right: 30, top: 40, bottom: 80 },
      xAxis: timeAxis(f.dates, 'date'),
      yAxis: { type: 'value', name: 'relative difference', nameLocation: 'middle', nameGap: 50 },
      dataZoom: zoom,
      series: [line('validation error (rescaled)', f.ard.rescaled, blue, false),
               line('not rescaled', f.ard.normal, sky, true),
               line('Total error (out.csv)', f.total_error, vermillion, false)]
    });
  });

  if (r.data.targets) r.targetsChart(r.data.targets);
  r.manifestTable(r.data.manifest);
})(migsimReport);
