#pragma once
// nianbao's public API: reading reports.
//   nianbao::pipeline::context cx{options};          // loads models, profiles, rules once
//   nianbao::pipeline::record r = cx.process(bytes, path);   // one input -> its record
// A caller processing many inputs on its own threads keeps a pipeline::worker_state per thread
// and passes it (cx.process(bytes, path, state)); input::processor (inputs.hpp) does that.
// check_across_years pairs an agency's records of consecutive years and checks the pairs.
#include "pipeline/across_years.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/worker_state.hpp"
