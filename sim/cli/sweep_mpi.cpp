// MPI for `migsim sweep`, and nowhere else. Rank 0's coordinator thread hands out one run at
// a time to whichever rank asks (dynamic scheduling), and records what comes back; every
// rank, rank 0 included, runs runs. The messages: a worker sends `ready` (with the record of
// the run it just finished, if any) and gets `work` (a run index) or `stop`.
#include "sweep_mpi.hpp"

#include <mpi.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

namespace migsim::cli {
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

Bytes encode(const io::RunRecord& r) {
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

io::RunRecord decode(Bytes b) {
  io::RunRecord r;
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

MpiDispatch::MpiDispatch(const MpiSession& session, io::SweepWorker& worker) : session_(session), worker_(worker) {}

void MpiDispatch::run_all(const std::vector<io::SweepRun>& runs, const std::vector<std::uint64_t>& pending,
                          const std::function<void(const io::RunRecord&)>& done,
                          const std::function<bool()>& stopping) {
  std::mutex mutex;
  std::size_t next = 0;
  // The next run to hand out, or none when all are out or the sweep is stopping.
  auto take = [&]() -> std::optional<std::uint64_t> {
    std::lock_guard lock(mutex);
    if (stopping() || next >= pending.size()) return std::nullopt;
    return pending[next++];
  };
  std::mutex record_mutex;
  auto record = [&](const io::RunRecord& r) {
    std::lock_guard lock(record_mutex);
    done(r);
  };
  std::exception_ptr failure;
  // Answers the other ranks. It polls with a short sleep rather than blocking in MPI: a
  // blocking receive would spin a core that rank 0's own runs need.
  std::thread server([&] {
    try {
      int active = session_.size() - 1;
      while (active > 0) {
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
        if (count > 0) record(decode(std::move(b)));
        if (const auto i = take()) {
          std::uint64_t index = *i;
          check(MPI_Send(&index, 1, MPI_UINT64_T, status.MPI_SOURCE, tag_work, MPI_COMM_WORLD), "MPI_Send");
        } else {
          check(MPI_Send(nullptr, 0, MPI_UINT64_T, status.MPI_SOURCE, tag_stop, MPI_COMM_WORLD), "MPI_Send");
          --active;
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

void MpiDispatch::serve(const std::vector<io::SweepRun>& runs) {
  Bytes last;
  while (true) {
    check(MPI_Send(last.data.data(), static_cast<int>(last.data.size()), MPI_CHAR, 0, tag_ready, MPI_COMM_WORLD),
          "MPI_Send");
    MPI_Status status;
    std::uint64_t index = 0;
    check(MPI_Recv(&index, 1, MPI_UINT64_T, 0, MPI_ANY_TAG, MPI_COMM_WORLD, &status), "MPI_Recv");
    if (status.MPI_TAG == tag_stop) return;
    if (index >= runs.size()) throw std::runtime_error("MPI: rank 0 handed out a run that is not in the plan");
    last = encode(worker_.run(runs[index]));
  }
}

}  // namespace migsim::cli
