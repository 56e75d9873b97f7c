// A command that reaches past the facade (for the test build.facade-only.shown-failing).
#include "nianbao/pipeline.hpp"
#include "resolve/labels.hpp"
