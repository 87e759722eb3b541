#include "migsim/inference/abc_smc.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <numbers>
#include <numeric>
#include <sstream>
#include <stdexcept>

#include "migsim/core/rng.hpp"

namespace migsim::abc {
namespace {

[[noreturn]] void refuse(const std::string& why) {
  throw std::invalid_argument("calibrate: " + why);
}

// A candidate's random numbers, in the order it asks for them: block after block of
// Rng::words keyed by (index, generation, Purpose::abc_smc), two words a uniform.
class Stream {
 public:
  Stream(const Rng& rng, std::uint32_t index, std::size_t generation)
      : rng_(rng), index_(index), generation_(static_cast<std::uint32_t>(generation)) {}
  std::uint32_t word() {
    if (next_ == 4) {
      words_ = rng_.words(index_, generation_, Purpose::abc_smc, block_++);
      next_ = 0;
    }
    return words_[next_++];
  }
  double uniform() {
    const std::uint32_t hi = word();
    return Rng::to_unit(hi, word());
  }
  // Standard normal by Box-Muller (1 - u is in (0, 1], so the log is finite).
  double normal() {
    const double r = std::sqrt(-2 * std::log(1 - uniform()));
    return r * std::cos(2 * std::numbers::pi * uniform());
  }

 private:
  const Rng& rng_;
  std::uint32_t index_, generation_, block_ = 0;
  std::array<std::uint32_t, 4> words_{};
  int next_ = 4;
};

// Prior and kernel draws outside the support are drawn again, at most this many times: a
// support that rejects more is a specification error, not bad luck.
constexpr int max_redraws = 100000;

double sample(const Parameter& p, Stream& s) {
  switch (p.prior) {
    case Prior::uniform:
      return p.min + s.uniform() * (p.max - p.min);
    case Prior::log_uniform:
      return std::exp(std::log(p.min) + s.uniform() * (std::log(p.max) - std::log(p.min)));
    case Prior::normal:
      for (int i = 0; i < max_redraws; ++i)
        if (const double x = p.mean + p.sd * s.normal(); x >= p.min && x <= p.max) return x;
      refuse("parameter '" + p.path + "': its truncation keeps almost none of its normal prior");
  }
  return 0;
}

double log_prior(const std::vector<Parameter>& params, const std::vector<double>& values) {
  double sum = 0;
  for (std::size_t k = 0; k < params.size(); ++k) sum += params[k].log_density(values[k]);
  return sum;
}

// The smallest value whose cumulative weight reaches q of the total (ties in index order).
double weighted_quantile(const std::vector<double>& values, const std::vector<double>& weights, double q) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return values[a] < values[b]; });
  const double target = q * std::accumulate(weights.begin(), weights.end(), 0.0);
  double cumulative = 0;
  for (const std::size_t i : order)
    if ((cumulative += weights[i]) >= target) return values[i];
  return values[order.back()];
}

}  // namespace

double Parameter::log_density(double x) const {
  if (!(x >= min && x <= max)) return -infinity;
  switch (prior) {
    case Prior::uniform:
      return -std::log(max - min);
    case Prior::log_uniform:
      return -std::log(x) - std::log(std::log(max) - std::log(min));
    case Prior::normal:
      return -0.5 * std::pow((x - mean) / sd, 2) - std::log(sd);
  }
  return -infinity;
}

AbcSmc::AbcSmc(std::vector<Parameter> params, Settings settings, std::optional<State> resumed)
    : params_(std::move(params)), settings_(settings) {
  if (params_.empty()) refuse("no parameters");
  for (const Parameter& p : params_) {
    const std::string name = "parameter '" + p.path + "': ";
    const bool bounded = std::isfinite(p.min) && std::isfinite(p.max);
    if (p.prior != Prior::normal && !bounded) refuse(name + "a uniform prior needs finite min and max");
    if (p.prior == Prior::log_uniform && p.min <= 0) refuse(name + "a log-uniform prior needs min > 0");
    if (p.prior == Prior::normal && !(p.sd > 0 && std::isfinite(p.mean) && std::isfinite(p.sd)))
      refuse(name + "a normal prior needs a finite mean and sd > 0");
    if (!(p.min < p.max)) refuse(name + "min must be below max");
  }
  if (settings_.initial_batch == 0) settings_.initial_batch = settings_.particles;
  if (settings_.particles < 2) refuse("particles must be at least 2 (a kernel needs a covariance)");
  // n particles span at most n - 1 directions: with no more particles than parameters the
  // kernel's covariance is singular from the first generation on.
  if (settings_.particles <= params_.size())
    refuse("particles must be more than the " + std::to_string(params_.size()) +
           " parameters (the kernel's covariance needs at least parameters + 1 particles)");
  if (settings_.initial_batch < settings_.particles) refuse("initial_batch must be at least particles");
  if (!(settings_.alpha > 0 && settings_.alpha <= 1)) refuse("alpha must be in (0, 1]");
  if (!resumed) {
    state_.seed = settings_.seed;
    return;
  }
  state_ = std::move(*resumed);
  const std::size_t d = params_.size();
  if (state_.seed != settings_.seed) refuse("the saved state has another seed");
  if (state_.generation != state_.history.size() || (state_.generation == 0) != state_.particles.empty() ||
      state_.covariance.size() != (state_.generation == 0 ? 0 : d * d))
    refuse("the saved state is inconsistent");
  for (const Particle& p : state_.particles)
    if (p.values.size() != d) refuse("the saved state has another number of parameters");
  prepare_kernel();
}

// The Cholesky factor L of the kernel's covariance (LLT), and the cumulative weights.
void AbcSmc::prepare_kernel() {
  const auto d = static_cast<Eigen::Index>(params_.size());
  const Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> cov(
      state_.covariance.data(), d, d);
  const Eigen::LLT<Eigen::MatrixXd> llt(cov);
  if (llt.info() != Eigen::Success)
    throw std::runtime_error("calibrate: the particles have collapsed (their covariance is singular)");
  chol_.assign(state_.covariance.size(), 0);
  Eigen::Map<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(chol_.data(), d, d) =
      llt.matrixL();
  cumulative_.clear();
  double sum = 0;
  for (const Particle& p : state_.particles) cumulative_.push_back(sum += p.weight);
}

// Candidate `index` of the generation under way: a prior draw in generation 0; afterwards a
// particle of the last generation, picked by weight, moved by the kernel N(0, 2 cov).
Candidate AbcSmc::draw(std::uint32_t index, std::uint64_t& resampled) const {
  const Rng rng(state_.seed);
  Stream s(rng, index, state_.generation);
  Candidate c{state_.generation, index, {}, 0};
  const std::uint32_t hi = s.word();
  c.run_seed = std::uint64_t{hi} << 32 | s.word();
  if (state_.generation == 0) {
    for (const Parameter& p : params_) c.values.push_back(sample(p, s));
    return c;
  }
  const std::size_t d = params_.size();
  for (int i = 0; i < max_redraws; ++i) {
    const double u = s.uniform() * cumulative_.back();
    const auto j = std::min<std::size_t>(
        std::upper_bound(cumulative_.begin(), cumulative_.end(), u) - cumulative_.begin(), cumulative_.size() - 1);
    std::vector<double> z(d);
    for (double& zk : z) zk = s.normal();
    c.values = state_.particles[j].values;
    for (std::size_t r = 0; r < d; ++r)
      for (std::size_t k = 0; k <= r; ++k) c.values[r] += chol_[r * d + k] * z[k];
    if (std::isfinite(log_prior(params_, c.values))) return c;
    ++resampled;
  }
  throw std::runtime_error("calibrate: the kernel keeps leaving the prior's support");
}

std::uint64_t AbcSmc::budget() const {
  return settings_.max_simulations - std::min(settings_.max_simulations, state_.simulations);
}

std::vector<Candidate> AbcSmc::next_batch(std::size_t n) {
  std::vector<Candidate> batch;
  if (done()) return batch;
  std::uint64_t limit = std::min<std::uint64_t>(budget(), std::uint64_t{1} << 32);
  if (state_.generation == 0) limit = std::min<std::uint64_t>(limit, settings_.initial_batch);
  while (batch.size() < n && pending_.size() < limit) {
    Pending p;
    p.candidate = draw(static_cast<std::uint32_t>(pending_.size()), p.resampled);
    batch.push_back(p.candidate);
    pending_.push_back(std::move(p));
  }
  return batch;
}

bool AbcSmc::report(std::size_t generation, std::uint32_t index, double distance) {
  if (generation < state_.generation) return false;
  if (generation > state_.generation || index >= pending_.size()) refuse("a report of a candidate never issued");
  if (pending_[index].distance) refuse("a candidate reported twice");
  pending_[index].distance = distance;
  ++reported_;
  const auto d = [&](std::size_t i) { return std::isnan(*pending_[i].distance) ? infinity : *pending_[i].distance; };
  const std::size_t particles = settings_.particles;
  if (state_.generation == 0) {
    // Keep the `particles` closest of the whole initial batch (ties: lower index first).
    if (reported_ < settings_.initial_batch) return false;
    std::vector<std::size_t> order(reported_);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return d(a) < d(b); });
    order.resize(particles);
    const double epsilon = settings_.initial_batch > particles ? d(order.back()) : infinity;
    std::sort(order.begin(), order.end());
    end_generation(std::move(order), reported_, epsilon);
    return true;
  }
  // Accept in index order: the generation ends at the candidate that is the `particles`-th
  // accepted once every one before it is reported, whatever the order reports arrive in.
  while (scanned_ < pending_.size() && pending_[scanned_].distance) {
    if (d(scanned_++) <= state_.epsilon) ++accepted_;
    if (accepted_ == particles) {
      std::vector<std::size_t> kept;
      for (std::size_t i = 0; i < scanned_; ++i)
        if (d(i) <= state_.epsilon) kept.push_back(i);
      end_generation(std::move(kept), scanned_, state_.epsilon);
      return true;
    }
  }
  return false;
}

void AbcSmc::end_generation(std::vector<std::size_t> kept, std::uint64_t simulations, double epsilon) {
  const std::size_t n = kept.size(), d = params_.size();
  std::vector<Particle> next(n);
  GenerationReport report{state_.generation, epsilon, simulations, double(n) / double(simulations), 0, 0, {}};
  for (std::size_t i = 0; i < simulations; ++i) report.resampled += pending_[i].resampled;
  for (std::size_t i = 0; i < n; ++i) {
    next[i].values = pending_[kept[i]].candidate.values;
    next[i].distance = std::isnan(*pending_[kept[i]].distance) ? infinity : *pending_[kept[i]].distance;
  }
  // Importance weights w_i ∝ prior(θ_i) / Σ_j w_j K(θ_i | θ_j) against the last generation's
  // particles (their kernel's constant cancels on normalising); generation 0 drew from the
  // prior itself, so its weights are equal. Sums in logs, so that far particles do not underflow.
  std::vector<double> log_w(n, 0.0);
  if (state_.generation > 0) {
    const std::vector<Particle>& last = state_.particles;
    std::vector<double> y(d), terms(last.size());
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < last.size(); ++j) {
        // Mahalanobis distance: solve L y = θ_i - θ_j by forward substitution.
        double m = 0;
        for (std::size_t r = 0; r < d; ++r) {
          double v = next[i].values[r] - last[j].values[r];
          for (std::size_t k = 0; k < r; ++k) v -= chol_[r * d + k] * y[k];
          y[r] = v / chol_[r * d + r];
          m += y[r] * y[r];
        }
        terms[j] = std::log(last[j].weight) - 0.5 * m;
      }
      const double top = *std::max_element(terms.begin(), terms.end());
      double sum = 0;
      for (const double t : terms) sum += std::exp(t - top);
      log_w[i] = log_prior(params_, next[i].values) - (top + std::log(sum));
    }
  }
  const double top = *std::max_element(log_w.begin(), log_w.end());
  double total = 0;
  for (std::size_t i = 0; i < n; ++i) total += next[i].weight = std::exp(log_w[i] - top);
  double sum_sq = 0;
  for (Particle& p : next) {
    p.weight /= total;
    sum_sq += p.weight * p.weight;
  }
  report.ess = 1 / sum_sq;

  // Posterior summaries; the next generation's epsilon, and its kernel covariance: twice the
  // weighted covariance of these particles (Beaumont et al. 2009).
  std::vector<double> weights(n), distances(n), column(n);
  for (std::size_t i = 0; i < n; ++i) weights[i] = next[i].weight, distances[i] = next[i].distance;
  std::vector<double> mean(d, 0.0);
  for (std::size_t k = 0; k < d; ++k) {
    for (std::size_t i = 0; i < n; ++i) mean[k] += weights[i] * (column[i] = next[i].values[k]);
    report.summaries.push_back({mean[k], weighted_quantile(column, weights, 0.5),
                                weighted_quantile(column, weights, 0.05), weighted_quantile(column, weights, 0.95)});
  }
  state_.covariance.assign(d * d, 0.0);
  for (std::size_t r = 0; r < d; ++r)
    for (std::size_t k = 0; k < d; ++k)
      for (std::size_t i = 0; i < n; ++i)
        state_.covariance[r * d + k] += 2 * weights[i] * (next[i].values[r] - mean[r]) * (next[i].values[k] - mean[k]);
  state_.epsilon = weighted_quantile(distances, weights, settings_.alpha);
  state_.simulations += simulations;
  state_.particles = std::move(next);
  state_.history.push_back(std::move(report));
  ++state_.generation;
  pending_.clear();
  reported_ = scanned_ = accepted_ = 0;
  prepare_kernel();
}

Stop AbcSmc::stop() const {
  if (reported_ == pending_.size() && pending_.size() == budget()) return Stop::max_simulations;
  if (state_.history.empty()) return Stop::running;
  const GenerationReport& last = state_.history.back();
  if (state_.simulations >= settings_.max_simulations) return Stop::max_simulations;
  if (state_.generation >= settings_.max_generations) return Stop::max_generations;
  if (last.epsilon <= settings_.min_epsilon) return Stop::min_epsilon;
  if (last.acceptance_rate < settings_.min_acceptance_rate) return Stop::min_acceptance_rate;
  return Stop::running;
}

// --- the text form: one record a line, a keyword then numbers separated by spaces.

namespace {

void put(std::string& out, double x) {
  char buf[32];
  out += ' ';
  out.append(buf, std::to_chars(buf, buf + sizeof buf, x).ptr);
}
void put(std::string& out, std::uint64_t x) {
  out += ' ' + std::to_string(x);
}

// Reads the lines to_text writes, checking each keyword.
class Lines {
 public:
  explicit Lines(std::string_view text) : in_(std::string(text)) {}
  Lines& expect(std::string_view keyword) {
    std::string line;
    if (!std::getline(in_, line)) refuse("the saved state ends early, before '" + std::string(keyword) + "'");
    words_.str(line);
    words_.clear();
    std::string word;
    if (!(words_ >> word) || word != keyword)
      refuse("the saved state has '" + line + "' for '" + std::string(keyword) + "'");
    return *this;
  }
  template <class T>
  T next() {
    std::string word;
    T x{};
    if (!(words_ >> word) ||
        std::from_chars(word.data(), word.data() + word.size(), x).ptr != word.data() + word.size())
      refuse("the saved state has a bad number '" + word + "'");
    return x;
  }
  void end() {
    std::string word;
    if (words_ >> word) refuse("the saved state has more on a line than expected: '" + word + "'");
  }

 private:
  std::istringstream in_, words_;
};

constexpr std::string_view magic = "migsim_abc_smc_state 1";

}  // namespace

std::string to_text(const State& s) {
  const std::size_t d = s.particles.empty() ? 0 : s.particles.front().values.size();
  std::string out = std::string(magic) + "\nseed";
  put(out, s.seed);
  out += "\ngeneration";
  put(out, std::uint64_t{s.generation});
  out += "\nepsilon";
  put(out, s.epsilon);
  out += "\nsimulations";
  put(out, s.simulations);
  out += "\nparticles";
  put(out, std::uint64_t{s.particles.size()});
  put(out, std::uint64_t{d});
  for (const Particle& p : s.particles) {
    out += "\np";
    put(out, p.weight);
    put(out, p.distance);
    for (const double v : p.values) put(out, v);
  }
  out += "\ncovariance";
  for (const double c : s.covariance) put(out, c);
  out += "\nreports";
  put(out, std::uint64_t{s.history.size()});
  for (const GenerationReport& r : s.history) {
    out += "\nr";
    put(out, std::uint64_t{r.generation});
    put(out, r.epsilon);
    put(out, r.simulations);
    put(out, r.acceptance_rate);
    put(out, r.ess);
    put(out, r.resampled);
    for (const Summary& m : r.summaries) {
      out += "\ns";
      for (const double x : {m.mean, m.median, m.q05, m.q95}) put(out, x);
    }
  }
  return out + "\n";
}

State state_from_text(std::string_view text) {
  if (text.substr(0, magic.size()) != magic) refuse("not a saved calibration state");
  Lines in(text.substr(magic.size() + 1));
  State s;
  s.seed = in.expect("seed").next<std::uint64_t>();
  s.generation = in.expect("generation").next<std::size_t>();
  s.epsilon = in.expect("epsilon").next<double>();
  s.simulations = in.expect("simulations").next<std::uint64_t>();
  const auto n = in.expect("particles").next<std::size_t>();
  const auto d = in.next<std::size_t>();
  for (std::size_t i = 0; i < n; ++i) {
    Particle& p = s.particles.emplace_back();
    p.weight = in.expect("p").next<double>();
    p.distance = in.next<double>();
    for (std::size_t k = 0; k < d; ++k) p.values.push_back(in.next<double>());
    in.end();
  }
  in.expect("covariance");
  for (std::size_t k = 0; k < (n == 0 ? 0 : d * d); ++k) s.covariance.push_back(in.next<double>());
  in.end();
  const auto reports = in.expect("reports").next<std::size_t>();
  for (std::size_t g = 0; g < reports; ++g) {
    GenerationReport& r = s.history.emplace_back();
    r.generation = in.expect("r").next<std::size_t>();
    r.epsilon = in.next<double>();
    r.simulations = in.next<std::uint64_t>();
    r.acceptance_rate = in.next<double>();
    r.ess = in.next<double>();
    r.resampled = in.next<std::uint64_t>();
    in.end();
    for (std::size_t k = 0; k < d; ++k) {
      in.expect("s");
      r.summaries.push_back({in.next<double>(), in.next<double>(), in.next<double>(), in.next<double>()});
      in.end();
    }
  }
  return s;
}

}  // namespace migsim::abc
