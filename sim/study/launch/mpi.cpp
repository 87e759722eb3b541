// MPI for the study commands (sweep, calibrate, sensitivity), and nowhere else. Rank 0's
// coordinator thread hands out one run at a time to whichever rank asks (dynamic scheduling),
// and records what comes back; every rank, rank 0 included, runs runs. The messages: a worker
// sends `ready` (with the record of the run it just finished, if any) and gets `work` (the run
// itself: a calibration makes its runs as it goes, so no rank holds a plan) or `stop`. A
// worker that asks when there is nothing to hand out waits, parked, for the next batch.
#include "mpi.hpp"
#include "lower_layers.hpp"

#include <mpi.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

namespace migsim::study {
namespace {

enum Tag : int { tag_ready = 1, tag_work = 2, tag_stop = 3 };

void check(int rc, const char* what) {
  if (rc != MPI_SUCCESS) throw std::runtime_error(std::string("MPI: ") + what + " failed");
}

// A run's record as bytes, and back.
class Bytes {
 public:
  template <class T>
  void put(const T& v) {
    append(&v, sizeof v);
  }
  void put_text(const std::string& s) {
    put<std::uint64_t>(s.size());
    append(s.data(), s.size());
  }
  void append(const void* p, std::size_t n) { data.append(static_cast<const char*>(p), n); }
  template <class T>
  T get() {
    if (at + sizeof(T) > data.size()) throw std::runtime_error("MPI: a record cut short");
    T v;
    std::memcpy(&v, data.data() + at, sizeof v);
    at += sizeof v;
    return v;
  }
  std::string get_text() {
    const auto n = get<std::uint64_t>();
    if (at + n > data.size()) throw std::runtime_error("MPI: a record cut short");
    std::string s = data.substr(at, n);
    at += n;
    return s;
  }
  std::string data;  // the bytes (a string: GCC 12 warns falsely of vector<char> growth)
  std::size_t at = 0;
};

Bytes encode(const RunRecord& r) {
  Bytes b;
  b.put(r.index);
  b.put<std::uint8_t>(r.ok ? 1 : 0);
  b.put(r.rank);
  b.put(r.wall_seconds);
  b.put(r.engine_seconds);
  b.put_text(r.error);
  b.put<std::uint64_t>(r.metrics.size());
  for (const auto& m : r.metrics) {
    b.put<std::uint8_t>(m ? 1 : 0);
    b.put(m.value_or(0.0));
  }
  return b;
}

RunRecord decode(Bytes b) {
  RunRecord r;
  r.index = b.get<std::uint64_t>();
  r.ok = b.get<std::uint8_t>() != 0;
  r.rank = b.get<int>();
  r.wall_seconds = b.get<double>();
  r.engine_seconds = b.get<double>();
  r.error = b.get_text();
  const auto n = b.get<std::uint64_t>();
  for (std::uint64_t i = 0; i < n; ++i) {
    const bool has = b.get<std::uint8_t>() != 0;
    const double v = b.get<double>();
    r.metrics.push_back(has ? std::optional<double>(v) : std::nullopt);
  }
  return r;
}

Bytes encode(const SweepRun& run) {
  Bytes b;
  b.put(run.index);
  b.put(run.point);
  b.put(run.replicate);
  b.put(run.seed);
  b.put<std::uint64_t>(run.overrides.size());
  for (const std::string& o : run.overrides) b.put_text(o);
  return b;
}

SweepRun decode_run(Bytes b) {
  SweepRun run;
  run.index = b.get<std::uint64_t>();
  run.point = b.get<std::uint64_t>();
  run.replicate = b.get<std::uint32_t>();
  run.seed = b.get<std::uint64_t>();
  const auto n = b.get<std::uint64_t>();
  for (std::uint64_t i = 0; i < n; ++i) run.overrides.push_back(b.get_text());
  return run;
}

}  // namespace

bool launched_by_mpi() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "MPI_LOCALNRANKS"})
    if (std::getenv(v) != nullptr) return true;
  return false;
}

MpiSession::MpiSession(int& argc, char**& argv) {
  int provided = 0;
  check(MPI_Init_thread(&argc, &argv, MPI_THREAD_MULTIPLE, &provided), "MPI_Init_thread");
  if (provided < MPI_THREAD_SERIALIZED)
    throw std::runtime_error("MPI: this MPI cannot call from a second thread; expected MPI_THREAD_SERIALIZED");
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiSession::~MpiSession() {
  MPI_Finalize();
}

int MpiSession::agree(int status) const {
  int out = status;
  MPI_Bcast(&out, 1, MPI_INT, 0, MPI_COMM_WORLD);
  return out;
}

void MpiSession::abort(int code) const {
  MPI_Abort(MPI_COMM_WORLD, code);
  std::abort();  // MPI_Abort does not return; this says so to the compiler
}

bool MpiSession::broadcast(bool value) const {
  int v = value ? 1 : 0;
  MPI_Bcast(&v, 1, MPI_INT, 0, MPI_COMM_WORLD);
  return v != 0;
}

MpiDispatch::MpiDispatch(const MpiSession& session, SweepWorker& worker) : session_(session), worker_(worker) {}

void MpiDispatch::send_work(int rank, const SweepRun& run) {
  const Bytes b = encode(run);
  check(MPI_Send(b.data.data(), static_cast<int>(b.data.size()), MPI_CHAR, rank, tag_work, MPI_COMM_WORLD), "MPI_Send");
}

void MpiDispatch::run_all(const std::vector<SweepRun>& runs, const std::vector<std::uint64_t>& pending,
                          const std::function<void(const RunRecord&)>& done, const std::function<bool()>& stopping) {
  std::mutex mutex;
  std::size_t next = 0;
  // The next run to hand out, or none when all are out or the study is stopping.
  auto take = [&]() -> std::optional<std::uint64_t> {
    std::lock_guard lock(mutex);
    if (stopping() || next >= pending.size()) return std::nullopt;
    return pending[next++];
  };
  auto exhausted = [&] {
    std::lock_guard lock(mutex);
    return stopping() || next >= pending.size();
  };
  std::mutex record_mutex;
  auto record = [&](const RunRecord& r) {
    std::lock_guard lock(record_mutex);
    done(r);
  };
  std::exception_ptr failure;
  // Answers the other ranks until every run handed out has come back. It polls with a short
  // sleep rather than blocking in MPI: a blocking receive would spin a core that rank 0's own
  // runs need.
  std::thread server([&] {
    try {
      std::size_t out = 0;  // runs handed to other ranks, not back yet
      // Ranks parked in an earlier batch get work first.
      while (!parked_.empty()) {
        const auto i = take();
        if (!i) break;
        send_work(parked_.back(), runs[*i]);
        parked_.pop_back();
        ++out;
      }
      while (out > 0 || !exhausted()) {
        int flag = 0;
        MPI_Status status;
        check(MPI_Iprobe(MPI_ANY_SOURCE, tag_ready, MPI_COMM_WORLD, &flag, &status), "MPI_Iprobe");
        if (!flag) {
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
          continue;
        }
        int count = 0;
        MPI_Get_count(&status, MPI_CHAR, &count);
        Bytes b;
        b.data.resize(static_cast<std::size_t>(count));
        check(MPI_Recv(b.data.data(), count, MPI_CHAR, status.MPI_SOURCE, tag_ready, MPI_COMM_WORLD, MPI_STATUS_IGNORE),
              "MPI_Recv");
        if (count > 0) {
          record(decode(std::move(b)));
          --out;
        }
        if (const auto i = take()) {
          send_work(status.MPI_SOURCE, runs[*i]);
          ++out;
        } else {
          parked_.push_back(status.MPI_SOURCE);
        }
      }
    } catch (...) {
      failure = std::current_exception();
    }
  });
  while (const auto i = take()) record(worker_.run(runs[*i]));
  server.join();
  if (failure) std::rethrow_exception(failure);
}

void MpiDispatch::finish() {
  // Every other rank is parked or has not asked yet (it will, with nothing to report).
  std::vector<bool> stopped(static_cast<std::size_t>(session_.size()), false);
  int left = session_.size() - 1;
  auto stop = [&](int rank) {
    check(MPI_Send(nullptr, 0, MPI_CHAR, rank, tag_stop, MPI_COMM_WORLD), "MPI_Send");
    stopped[static_cast<std::size_t>(rank)] = true;
    --left;
  };
  for (const int rank : parked_) stop(rank);
  parked_.clear();
  while (left > 0) {
    MPI_Status status;
    int count = 0;
    check(MPI_Probe(MPI_ANY_SOURCE, tag_ready, MPI_COMM_WORLD, &status), "MPI_Probe");
    MPI_Get_count(&status, MPI_CHAR, &count);
    std::string ignored(static_cast<std::size_t>(count), '\0');
    check(MPI_Recv(ignored.data(), count, MPI_CHAR, status.MPI_SOURCE, tag_ready, MPI_COMM_WORLD, MPI_STATUS_IGNORE),
          "MPI_Recv");
    if (count > 0) throw std::runtime_error("MPI: a rank finished a run after the study ended");
    if (!stopped[static_cast<std::size_t>(status.MPI_SOURCE)]) stop(status.MPI_SOURCE);
  }
}

void MpiDispatch::serve() {
  Bytes last;
  while (true) {
    check(MPI_Send(last.data.data(), static_cast<int>(last.data.size()), MPI_CHAR, 0, tag_ready, MPI_COMM_WORLD),
          "MPI_Send");
    // Polled, as rank 0's server does: parked between a calibration's batches, a blocking
    // probe would spin a core that the ranks still running need.
    MPI_Status status;
    for (int flag = 0; !flag;) {
      check(MPI_Iprobe(0, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status), "MPI_Iprobe");
      if (!flag) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    int count = 0;
    MPI_Get_count(&status, MPI_CHAR, &count);
    Bytes work;
    work.data.resize(static_cast<std::size_t>(count));
    check(MPI_Recv(work.data.data(), count, MPI_CHAR, 0, status.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE),
          "MPI_Recv");
    if (status.MPI_TAG == tag_stop) return;
    last = encode(worker_.run(decode_run(std::move(work))));
  }
}

}  // namespace migsim::study
