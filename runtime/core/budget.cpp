#include "core/budget.hpp"

#include <algorithm>

namespace nianbao::budget {

namespace {

thread_local scope* current = nullptr;

std::string describe(kind k, const limits& l, const char* stage) {
  std::string what = k == kind::time ? "time limit of " + std::to_string(l.seconds) + " s"
                                     : "memory limit of " + std::to_string(l.bytes) + " bytes";
  return what + " passed during " + stage;
}

}  // namespace

namespace detail {

void tick() {
  countdown = kCheckEvery;
  if (current) check_clock();
}

}  // namespace detail

exceeded::exceeded(budget::kind k, const limits& l, const char* stage)
    : std::runtime_error(describe(k, l, stage)), kind_(k), limits_(l), stage_(stage) {}

scope::scope(const limits& l, const char* first_stage)
    : limits_(l), deadline_limits_(l), stage_(first_stage), outer_(current) {
  if (l.seconds > 0) {
    timed_ = true;
    // Far beyond any real limit (about 30 years): saturate rather than overflow the clock.
    const double s = std::min(l.seconds, 1e9);
    deadline_ = std::chrono::steady_clock::now() +
                std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(s));
  }
  if (outer_ && outer_->timed_ && (!timed_ || outer_->deadline_ < deadline_)) {
    timed_ = true;
    deadline_ = outer_->deadline_;
    deadline_limits_ = outer_->deadline_limits_;
  }
  current = this;
}

scope::~scope() { current = outer_; }

void check_clock() {
  scope* s = current;
  if (s && s->timed_ && std::chrono::steady_clock::now() >= s->deadline_)
    throw exceeded(kind::time, s->deadline_limits_, s->stage_);
}

void stage(const char* name) {
  if (!current) return;
  for (scope* s = current; s; s = s->outer_) s->stage_ = name;
  check_clock();
}

void charge(std::uint64_t bytes) {
  for (scope* s = current; s; s = s->outer_) {
    s->charged_ += bytes;
    if (s->limits_.bytes && s->charged_ > s->limits_.bytes) {
      // What was counted and not made: the caller's hold (if any) is not constructed, and
      // the scopes already charged give it back.
      for (scope* t = current; t != s->outer_; t = t->outer_) t->charged_ -= bytes;
      throw exceeded(kind::memory, s->limits_, current->stage_);
    }
    s->peak_ = std::max(s->peak_, s->charged_);
  }
}

void release(std::uint64_t bytes) noexcept {
  for (scope* s = current; s; s = s->outer_) s->charged_ -= std::min(s->charged_, bytes);
}

bool active() noexcept { return current != nullptr; }

std::uint64_t memory_limit() noexcept {
  std::uint64_t tightest = 0;
  for (const scope* s = current; s; s = s->outer_)
    if (s->limits_.bytes && (!tightest || s->limits_.bytes < tightest)) tightest = s->limits_.bytes;
  return tightest;
}

}  // namespace nianbao::budget
