#pragma once
// Long terminal output goes through $PAGER, as git does.
#include <string>

#include "context.hpp"

namespace incident::cli {

// Writes `text` to standard output: through $PAGER (default "less -FRX", which exits at once
// when the text fits one screen) when standard output is a terminal that reports its size,
// straight otherwise.
// PAGER="" or "cat" turns paging off; a pager that cannot start is skipped.
void page(const Context& ctx, const std::string& text);

}  // namespace incident::cli
