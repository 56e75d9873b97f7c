#pragma once
// Runs a generated grammar and records its events. Included only by the generated grammar
// translation units (one per grammar) so PEGTL templates stay out of the rest of the build.
#include <string>
#include <type_traits>

#include <tao/pegtl.hpp>

#include "layout/events.hpp"

namespace nianbao::layout {
namespace pegtl = TAO_PEGTL_NAMESPACE;

template <typename Rule, typename = void>
struct is_generated_rule : std::false_type {};
template <typename Rule>
struct is_generated_rule<Rule, std::void_t<decltype(Rule::nianbao_event)>> : std::true_type {};

template <typename Rule, typename = void>
struct grammar_action : pegtl::nothing<Rule> {};

template <typename Rule>
struct grammar_action<Rule, std::enable_if_t<is_generated_rule<Rule>::value &&
                                             Rule::nianbao_event != event_kind::none>> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, event_log& log) {
    const auto* base = in.input().begin();
    log.events.push_back(event{Rule::nianbao_event, static_cast<std::size_t>(in.begin() - base),
                               static_cast<std::size_t>(in.end() - base)});
  }
};

// Whether matching Rule may report an event: a generated rule knows (the generator follows the
// rules it uses); any other rule (seq<>, star<>, a character) through the rules it is made of.
template <typename Rule, typename = void>
struct may_report;
template <typename List>
struct any_may_report;
template <typename... Rules>
struct any_may_report<pegtl::type_list<Rules...>> : std::bool_constant<(may_report<Rules>::value || ...)> {};
template <typename Rule>
struct may_report<Rule, std::enable_if_t<is_generated_rule<Rule>::value>> : std::bool_constant<Rule::nianbao_reports> {};
template <typename Rule>
struct may_report<Rule, std::enable_if_t<!is_generated_rule<Rule>::value>> : any_may_report<typename Rule::subs_t> {};

// A rule that may report is a transaction over the event log: when it fails (a generated rule,
// or an anonymous group inside one such as `(row newline)*`'s last try), what it reported is
// undone. Other rules (most of them: every character matched) have nothing to undo and run
// without hooks. The grammar's own rules (not PEGTL's building blocks, a few times as many)
// count for the time limit: a grammar that backtracks retries them. The control's match wraps
// the rule's, so the number of events to go back to stays a local, not a stack of marks.
template <typename Rule>
struct transaction_control : pegtl::normal<Rule> {
  template <pegtl::apply_mode A, pegtl::rewind_mode M, template <typename...> class Action,
            template <typename...> class Control, typename ParseInput>
  [[nodiscard]] static bool match(ParseInput& in, event_log& log) {
    const std::size_t mark = log.events.size();
    if constexpr (is_generated_rule<Rule>::value) log.count();
    if (pegtl::normal<Rule>::template match<A, M, Action, Control>(in, log)) return true;
    log.events.resize(mark);
    return false;
  }
};

template <typename Rule>
struct counting_control : pegtl::normal<Rule> {
  template <typename Input>
  static void start(const Input&, event_log& log) { log.count(); }
};

template <typename Rule>
struct grammar_control
    : std::conditional_t<may_report<Rule>::value, transaction_control<Rule>,
                         std::conditional_t<is_generated_rule<Rule>::value, counting_control<Rule>, pegtl::normal<Rule>>> {};

template <typename Top>
grammar_result run_grammar(std::string_view text, bool well_formed) {
  grammar_result result;
  event_log log;
  log.well_formed = well_formed;
  pegtl::memory_input<> in(text.data(), text.size(), "");
  try {
    const bool ok = pegtl::parse<pegtl::seq<Top, pegtl::eof>, grammar_action, grammar_control>(in, log);
    if (!ok) {
      result.error = grammar_error{static_cast<std::size_t>(in.current() - text.data()),
                                   "the grammar does not match the text here"};
    }
  } catch (const pegtl::parse_error& e) {
    const auto& pos = e.positions().front();
    result.error = grammar_error{pos.byte, std::string(e.message())};
  }
  result.events = std::move(log.events);
  return result;
}

}  // namespace nianbao::layout
