#pragma once
// Where a stage finds the state it keeps from one input to the next (a cache, a reused buffer)
// when that state belongs to the worker running it. The worker owns the state
// (pipeline::worker_state, one per thread of the batch processor) and installs it while it
// processes an input; the stage asks its slot for it:
//
//   struct label_memo { ... };                    // the stage's state, a type of its own
//   if (label_memo* m = worker_slot<label_memo>::current()) ...  // installed: use and keep
//   else ...                                                      // none: work without it
//
// Only the pointer is per thread; the state itself lives in the worker's object, so a reader
// finds every piece of per-worker state listed in one place (pipeline/worker_state.hpp).
namespace nianbao {

template <class State>
class worker_slot {
 public:
  // The state installed on this thread, or nullptr (library code called directly, a test).
  static State* current() noexcept { return current_; }

  // Installs `s` on this thread until the scope ends (scopes nest: the previous one comes back).
  class install {
   public:
    explicit install(State& s) noexcept : previous_(current_) { current_ = &s; }
    ~install() { current_ = previous_; }
    install(const install&) = delete;
    install& operator=(const install&) = delete;

   private:
    State* previous_;
  };

 private:
  static inline thread_local State* current_ = nullptr;
};

}  // namespace nianbao
