#pragma once
// nianbao's public API, all of it (README.md, "Using nianbao from C++"). Everything under
// runtime/ that these headers do not include is internal and may change without notice.
#include "nianbao/diagnostic.hpp"
#include "nianbao/inputs.hpp"
#include "nianbao/pipeline.hpp"
#include "nianbao/record.hpp"
#include "nianbao/text.hpp"
#include "nianbao/writers.hpp"
