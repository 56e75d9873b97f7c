#pragma once
// nianbao's public API: diagnostics. Every problem nianbao reports (a bad input, a bad profile or
// model file, a rule that fails) is a nianbao::diagnostic: severity, code, message, and where
// (file, line, column). Configuration errors are thrown as nianbao::diagnostic_error.
#include "core/diagnostic.hpp"
