#pragma once
// Everything a worker keeps from one input to the next: caches and reused buffers of the
// stages. The batch processor owns one per thread; context::process installs it while it
// processes an input, and each stage finds its part through its worker_slot
// (core/worker_slot.hpp). The parts (worker_state.cpp):
//   resolve::label_memo   labels normalised (cells/normalize.hpp): each profile reads the same lines
//   narrative::memo       the models' narrative patterns compiled, buffers for the prose
// Everything else a stage needs per input is made per input (the input's time and memory
// budget too: core/budget.hpp, a scope per input); what is loaded once (models, profiles,
// compiled rules, OpenCC's dictionaries) is shared and read-only (pipeline::context, statics).
#include <memory>

namespace nianbao::pipeline {

class worker_state {
 public:
  worker_state();
  ~worker_state();
  worker_state(worker_state&&) noexcept;
  worker_state& operator=(worker_state&&) noexcept;

  // Installs every part on the calling thread while it lives (at most one thread at a time).
  class scope {
   public:
    explicit scope(worker_state& w);
    ~scope();
    scope(const scope&) = delete;
    scope& operator=(const scope&) = delete;

   private:
    struct installed;
    std::unique_ptr<installed> installed_;
  };

 private:
  struct parts;
  std::unique_ptr<parts> parts_;
};

}  // namespace nianbao::pipeline
