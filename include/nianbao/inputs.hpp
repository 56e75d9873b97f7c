#pragma once
// nianbao's public API: inputs. input::source walks files, directories and archives (zip, tar,
// gzip, 7z ...) into items (bytes and a path, or the error that kept an item from being read);
// input::processor runs items through a pipeline::context on several threads and returns the
// records in input order; batch/progress reports a long run's progress.
#include "batch/process.hpp"
#include "batch/progress.hpp"
#include "input/input.hpp"
