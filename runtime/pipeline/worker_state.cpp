#include "pipeline/worker_state.hpp"

#include "cells/normalize.hpp"
#include "core/worker_slot.hpp"
#include "narrative/narrative.hpp"

namespace nianbao::pipeline {

struct worker_state::parts {
  resolve::label_memo labels;
  narrative::memo narrative;
};

worker_state::worker_state() : parts_(std::make_unique<parts>()) {}
worker_state::~worker_state() = default;
worker_state::worker_state(worker_state&&) noexcept = default;
worker_state& worker_state::operator=(worker_state&&) noexcept = default;

struct worker_state::scope::installed {
  explicit installed(parts& p) : labels(p.labels), narrative(p.narrative) {}
  worker_slot<resolve::label_memo>::install labels;
  worker_slot<narrative::memo>::install narrative;
};

worker_state::scope::scope(worker_state& w) : installed_(std::make_unique<installed>(*w.parts_)) {}
worker_state::scope::~scope() = default;

}  // namespace nianbao::pipeline
