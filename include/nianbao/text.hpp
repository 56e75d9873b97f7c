#pragma once
// nianbao's public API: text utilities a front end needs to show what nianbao found: UTF-8
// (core/utf8.hpp), display width of East Asian text in a terminal (core/display_width.hpp),
// lines and columns of a text (core/line_index.hpp), the nearest name to a misspelt one
// (core/nearest_name.hpp, for "did you mean").
#include "core/display_width.hpp"
#include "core/line_index.hpp"
#include "core/nearest_name.hpp"
#include "core/utf8.hpp"
