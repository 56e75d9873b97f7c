#pragma once
// nianbao's public API: the canonical record of one input, what every output is written from
// (nianbao::pipeline::record: status, report_info, values parallel to its template's keys,
// repairs with their reasons, narrative numbers, check results, region, measures), and what its
// keys and failed checks mean in words (model::key_dictionary, check::culprit).
#include "check/culprit.hpp"
#include "model/key_dictionary.hpp"
#include "record/record.hpp"
