#pragma once
// Per-input limits on time and memory (issue 7), in process and cooperative: threads cannot be
// killed, so the code where time and memory can go asks the budget of the current thread and
// the budget throws `exceeded` when a limit is passed. pipeline::context::process installs one
// for each input and turns the exception into a record with error `time-limit`/`memory-limit`.
//
//   budget::scope limit({30.0, 512ull << 20});  // this thread, until the scope ends
//   budget::stage("layout");                      // names what runs now; looks at the clock
//   for (...) { budget::checkpoint(); ... }       // cheap: the clock every kCheckEvery calls
//   budget::charge(text.size());                  // a large allocation that grows with the input
//
// Without a scope nothing is limited (library code called directly, most tests); the calls
// cost a decrement (checkpoint) or a test of a null pointer (charge, stage).
//
// Memory is an estimate, not a measurement: the stages charge their large allocations (the
// input's bytes, the decoded text, the grammars' events and rows, the cells each profile reads,
// the repair search's alignments) as they make them; what is freed again within the input (a
// row's cells, the alignments of one row) is held with `hold` and given back at the end of its
// scope. Those allocations are what grows with an input; everything else is small and bounded.
//
// Scopes nest: an inner scope is at most as generous as the outer one (the earlier deadline
// wins) and its charges count for the outer one too.
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace nianbao::budget {

struct limits {
  double seconds = 0;       // wall-clock time per input; 0 = no limit
  std::uint64_t bytes = 0;  // memory (charged bytes) per input; 0 = no limit
};

enum class kind { time, memory };

// Thrown by checkpoint(), stage() and charge() when a limit is passed.
class exceeded : public std::runtime_error {
 public:
  exceeded(budget::kind k, const limits& l, const char* stage);
  budget::kind which() const noexcept { return kind_; }
  const budget::limits& limit() const noexcept { return limits_; }  // the limits that were passed
  const char* stage() const noexcept { return stage_; }               // the stage it was in

 private:
  budget::kind kind_;
  budget::limits limits_;
  const char* stage_;
};

class scope {
 public:
  // `first_stage`: the stage named until stage() is called (a string literal).
  explicit scope(const limits& l, const char* first_stage = "start");
  ~scope();
  scope(const scope&) = delete;
  scope& operator=(const scope&) = delete;

  std::uint64_t charged() const noexcept { return charged_; }  // now (charged minus released)
  std::uint64_t peak() const noexcept { return peak_; }        // the most charged at once
  const char* stage() const noexcept { return stage_; }

 private:
  friend void stage(const char*);
  friend void charge(std::uint64_t);
  friend void release(std::uint64_t) noexcept;
  friend void check_clock();
  friend std::uint64_t memory_limit() noexcept;
  limits limits_;           // as given (for messages)
  limits deadline_limits_;  // the limits whose deadline applies (this scope's or an outer one's)
  bool timed_ = false;
  std::chrono::steady_clock::time_point deadline_;
  std::uint64_t charged_ = 0;
  std::uint64_t peak_ = 0;
  const char* stage_ = "start";
  scope* outer_;
};

// How many checkpoint() calls between two looks at the clock: a look costs ~20 ns, a call of
// checkpoint() a decrement. The places that call it do at least a few ns of work per call, so
// the clock is read at least every ~10-100 µs.
inline constexpr unsigned kCheckEvery = 1024;

namespace detail {
// Inline with a constant initializer: every translation unit sees that it needs no dynamic
// initialisation, so reading it is a plain thread-local access (no TLS wrapper call).
inline thread_local unsigned countdown = kCheckEvery;
void tick();  // every kCheckEvery checkpoints: looks at the clock of the current scope
}  // namespace detail

// Counted: looks at the clock every kCheckEvery calls (on this thread); throws exceeded(time).
inline void checkpoint() {
  if (__builtin_expect(--detail::countdown == 0, 0)) detail::tick();
}

// Looks at the clock now; throws exceeded(time) when the deadline has passed.
void check_clock();

// Names the stage that runs from now on (a string literal: kept as a pointer) and looks at the clock.
void stage(const char* name);

// Counts `bytes` against the memory allowance of the current scope (and the outer ones);
// throws exceeded(memory) when it is passed.
void charge(std::uint64_t bytes);

// Gives back what charge() counted, for memory freed before the input is done.
void release(std::uint64_t bytes) noexcept;

// charge() now, release() at the end of the scope: memory alive only for a while.
class hold {
 public:
  explicit hold(std::uint64_t bytes) : bytes_(bytes) { charge(bytes); }
  ~hold() { release(bytes_); }
  hold(const hold&) = delete;
  hold& operator=(const hold&) = delete;

 private:
  std::uint64_t bytes_;
};

// Whether a scope is installed on this thread.
bool active() noexcept;

// The memory allowance of this thread (the tightest of the scopes installed); 0 when none.
std::uint64_t memory_limit() noexcept;

}  // namespace nianbao::budget
