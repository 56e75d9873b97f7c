#include "batch/process.hpp"

#include <algorithm>
#include <condition_variable>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <deque>
#include <map>
#include <optional>
#include <mutex>
#include <thread>
#include <vector>

namespace nianbao::input {

void tune_allocator() noexcept {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  mallopt(M_TOP_PAD, 16 << 20);
#endif
}

pipeline::record process_item(const pipeline::context& cx, const item& it, pipeline::worker_state& worker) {
  try {
    if (it.error) return cx.failed(it.path, *it.error);
    return cx.process(it.bytes, it.path, worker);
  } catch (const std::exception& ex) {
    diagnostic d;
    d.file = it.path;
    d.code = "internal";
    d.message = std::string("internal error while processing the input: ") + ex.what();
    return cx.failed(it.path, d);
  }
}

struct processor::impl {
  const pipeline::context& context;
  source& src;
  unsigned nthreads;
  std::size_t window;
  std::uint64_t bytes_done = 0;
  std::size_t records_done = 0;

  // Threaded mode. Sequence numbers: assigned by the reader in source order.
  std::mutex m;
  std::condition_variable can_read;    // reader: room in the window
  std::condition_variable can_work;    // workers: an item queued, or the end
  std::condition_variable can_return;  // caller: the next record is ready, or the end
  std::deque<std::pair<std::size_t, item>> queue;
  struct done {
    pipeline::record record;
    std::uint64_t size = 0;
    unsigned worker = 0;
  };
  std::map<std::size_t, done> ready;
  // Records the caller is done with, per worker that made them: that worker frees them when it
  // takes its next item. A record is thousands of small allocations; freed on the caller's
  // thread they went back to another thread's malloc arena, which cost more than making them.
  std::vector<std::vector<pipeline::record>> to_free;
  // What each worker keeps between inputs (pipeline/worker_state.hpp): one per worker thread,
  // the first also the caller's when there are none.
  std::vector<pipeline::worker_state> states;
  std::optional<unsigned> last_worker;  // made the record last returned
  std::size_t assigned = 0;   // items read so far
  std::size_t returned = 0;   // records given to the caller so far
  std::size_t most_in_flight = 0;  // the largest assigned - returned seen
  bool source_done = false;
  bool stopping = false;
  std::vector<std::thread> threads;

  impl(const pipeline::context& c, source& s, unsigned n, std::size_t w)
      : context(c), src(s), nthreads(n == 0 ? 1 : n), window(w ? w : 4 * static_cast<std::size_t>(n == 0 ? 1 : n)) {
    states.resize(nthreads);
    if (nthreads <= 1) return;
    to_free.resize(nthreads);
    threads.emplace_back([this] { read_loop(); });
    for (unsigned i = 0; i < nthreads; ++i) threads.emplace_back([this, i] { work_loop(i); });
  }

  ~impl() {
    {
      std::lock_guard<std::mutex> lock(m);
      stopping = true;
    }
    can_read.notify_all();
    can_work.notify_all();
    can_return.notify_all();
    for (auto& t : threads) t.join();
  }

  void read_loop() {
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(m);
        if (assigned - returned >= window)  // full: wait until half of it is free (see next)
          can_read.wait(lock, [&] { return stopping || assigned - returned <= window / 2; });
        if (stopping) return;
      }
      item it;
      const bool more = src.next(it);  // outside the lock: reading and unpacking take time
      std::lock_guard<std::mutex> lock(m);
      if (!more) {
        source_done = true;
        can_work.notify_all();
        can_return.notify_all();
        return;
      }
      queue.emplace_back(assigned++, std::move(it));
      most_in_flight = std::max(most_in_flight, assigned - returned);
      can_work.notify_one();
    }
  }

  void work_loop(unsigned worker) {
    for (;;) {
      std::pair<std::size_t, item> job;
      std::vector<pipeline::record> garbage;
      {
        std::unique_lock<std::mutex> lock(m);
        can_work.wait(lock, [&] { return stopping || !queue.empty() || source_done; });
        if (stopping || queue.empty()) return;
        job = std::move(queue.front());
        queue.pop_front();
        garbage.swap(to_free[worker]);
      }
      garbage.clear();
      auto r = process_item(context, job.second, states[worker]);
      const std::uint64_t size = job.second.bytes.size();
      job.second = item{};  // free the bytes before waiting for the lock
      std::lock_guard<std::mutex> lock(m);
      ready.emplace(job.first, done{std::move(r), size, worker});
      // The caller is woken for a run of records ready in order, not for each one (a wake-up is
      // a system call and, on a virtual machine, an interrupt to the other core): when half a
      // window is ready, or when every record read so far is (nothing else would wake it).
      std::size_t run = 0;
      while (ready.count(returned + run)) ++run;
      if (run > 0 && (run >= window / 2 || returned + run == assigned)) can_return.notify_one();
    }
  }

  bool next(pipeline::record& out) {
    if (nthreads <= 1) {
      item it;
      if (!src.next(it)) return false;
      most_in_flight = 1;
      out = process_item(context, it, states[0]);
      bytes_done += it.bytes.size();
      ++records_done;
      return true;
    }
    std::unique_lock<std::mutex> lock(m);
    can_return.wait(lock, [&] { return ready.count(returned) || (source_done && returned == assigned); });
    auto found = ready.find(returned);
    if (found == ready.end()) return false;
    pipeline::record old = std::move(out);
    out = std::move(found->second.record);
    if (last_worker) to_free[*last_worker].push_back(std::move(old));
    last_worker = found->second.worker;
    bytes_done += found->second.size;
    ready.erase(found);
    ++returned;
    ++records_done;
    // The reader is woken when half the window is free, not for every record: each wake-up is a
    // system call and, on a virtual machine, an interrupt to the other core.
    const bool wake_reader = assigned - returned == window / 2;
    lock.unlock();
    if (wake_reader) can_read.notify_one();
    return true;
  }
};

processor::processor(const pipeline::context& cx, source& src, unsigned threads, std::size_t window)
    : p_(std::make_unique<impl>(cx, src, threads, window)) {}
processor::~processor() = default;

bool processor::next(pipeline::record& out) { return p_->next(out); }
unsigned processor::threads() const noexcept { return p_->nthreads; }
std::uint64_t processor::bytes_done() const noexcept { return p_->bytes_done; }
std::size_t processor::records_done() const noexcept { return p_->records_done; }
std::size_t processor::window() const noexcept { return p_->nthreads <= 1 ? 1 : p_->window; }
std::size_t processor::most_in_flight() const noexcept {
  std::lock_guard<std::mutex> lock(p_->m);
  return p_->most_in_flight;
}

}  // namespace nianbao::input
