#pragma once
// Parallel processing with ordered output: items from an input::source, records out in input
// order, whatever the number of threads.
//
//   nianbao::input::source src(paths, opts);
//   nianbao::input::processor proc(cx, src, 4);
//   for (nianbao::pipeline::record r; proc.next(r);) write(r);
//
// With threads <= 1 everything runs on the calling thread, one item at a time. With N > 1, one
// reader thread pulls items from the source and N worker threads run the pipeline; at most
// `window` items (default 4 N) are between the source and the caller at any time (read,
// queued, being parsed, or parsed and waiting for an earlier one), so memory stays bounded
// however many inputs there are.
#include <cstddef>
#include <cstdint>
#include <memory>

#include "input/input.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/worker_state.hpp"

namespace nianbao::input {

// For a process that runs the pipeline over many inputs (the CLI, the benchmark): keeps freed
// memory in the process instead of returning it to the system after every report. glibc's
// defaults give large blocks back at once (munmap, heap trimming), and each report then faults
// fresh zeroed pages in again: about 8,000 page faults and a fifth of the CPU time per 16
// reports. Here blocks under 32 MiB come from the heap and up to 64 MiB of free heap is kept:
// peak memory is unchanged (it is set by the reports in flight). No-op without glibc.
void tune_allocator() noexcept;

// The record of one item: cx.failed for an item that could not be read, else cx.process with
// the caches of `worker`.
// Never throws: an exception inside the pipeline becomes an error "internal" in the record.
pipeline::record process_item(const pipeline::context& cx, const item& it, pipeline::worker_state& worker);

class processor {
 public:
  processor(const pipeline::context& cx, source& src, unsigned threads = 1, std::size_t window = 0);
  ~processor();  // stops and joins the threads (items not yet taken are dropped)
  processor(const processor&) = delete;
  processor& operator=(const processor&) = delete;

  // The next record in input order; false at the end.
  bool next(pipeline::record& out);

  unsigned threads() const noexcept;
  std::uint64_t bytes_done() const noexcept;  // input bytes of the records returned so far
  std::size_t records_done() const noexcept;  // records returned so far
  std::size_t window() const noexcept;        // the bound on items in flight (1 with one thread)
  // The most items that were in flight at once so far (read from the source and not yet
  // returned by next): never more than window(). For tests of the memory bound.
  std::size_t most_in_flight() const noexcept;

 private:
  struct impl;
  std::unique_ptr<impl> p_;
};

}  // namespace nianbao::input
