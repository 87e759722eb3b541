// migsim report: the charts of a sweep's or a calibration's folder (`--sweep DIR`), drawn with
// what report_common.js shares. Nothing to draw without --sweep.
(function (r) {
  'use strict';
  if (!r.data.sweep) return;
})(migsimReport);
